using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Omnia.Server.Tests.Realtime.ClientSecrets;

/// <summary>A server without API keys still mints secrets, accepts its own on the realtime socket, and on nothing else.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class ClientSecretsWithoutKeysTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task A_server_without_keys_mints_secrets_and_accepts_them_on_the_realtime_socket_only()
    {
        var response = await fixture.Server.Http.PostAsJsonAsync("v1/realtime/client_secrets",
            new JsonObject { ["session"] = new JsonObject { ["type"] = "realtime", ["instructions"] = "Keyless." } });
        var secret = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;

        await using var client = await RealtimeTestClient.ConnectAsync(fixture.Server.BaseAddress, configure: o => o.SetRequestHeader("Authorization", "Bearer " + secret));
        var session = (await client.WaitForAsync("session.created")).GetProperty("session");
        using var chat = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(ChatRequests.Body("Hi", 4)) };
        chat.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var chatResponse = await fixture.Server.Http.SendAsync(chat);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Keyless.", session.GetProperty("instructions").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, chatResponse.StatusCode);
    }
}
