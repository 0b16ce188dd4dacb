using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Cli.Hosting;
using Omnia.Models;

namespace Omnia.Server.Tests;

public sealed class ServerLimitsTests
{
    [Fact]
    public async Task Api_keys_are_required_on_v1_routes_when_configured()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["key-one", "key-two"]);

        using var missing = await server.Http.GetAsync("v1/models");
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "key-three") } };
        using var wrong = await server.Http.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "key-two") } };
        using var right = await server.Http.SendAsync(rightRequest);
        using var health = await server.Http.GetAsync("health");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("missing_api_key", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_api_key", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(maxBodyMegabytes: 1);
        var huge = "{\"model\":\"stories260k\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 2 * 1024 * 1024) + "\"}]}";

        var (status, json) = await ChatRequests.PostRawAsync(server.Http, huge);

        Assert.Equal(413, status);
        Assert.Equal("request_too_large", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, (await ChatRequests.PostAsync(server.Http, ChatRequests.Body("hi", 3))).Status);
    }

    [Fact]
    public async Task A_gguf_that_fails_to_load_is_listed_with_its_error_and_requests_get_503()
    {
        var directory = Directory.CreateTempSubdirectory("omnia-broken-");
        try
        {
            var broken = Path.Combine(directory.FullName, "broken.gguf");
            await File.WriteAllBytesAsync(broken, "GGUF this is not a model"u8.ToArray());
            await using var server = await OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = directory.FullName, ChatModel = broken });

            var models = await server.Http.GetFromJsonAsync<JsonElement>("v1/models");
            var body = ChatRequests.Body("hi", 3);
            body["model"] = "broken";
            var (status, json) = await ChatRequests.PostAsync(server.Http, body);
            using var health = await server.Http.GetAsync("health");

            var listed = models.GetProperty("data")[0];
            Assert.Equal("broken", listed.GetProperty("id").GetString());
            Assert.Equal("failed", listed.GetProperty("status").GetString());
            Assert.Contains("broken.gguf", listed.GetProperty("error").GetString());
            Assert.Equal(503, status);
            Assert.Equal("model_load_failed", json.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(ServedModelState.Failed, server.Registry.Find("broken")!.State);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_catalog_name_the_models_directory_lacks_says_where_to_put_the_file()
    {
        var directory = Directory.CreateTempSubdirectory("omnia-empty-");
        try
        {
            await using var server = await OmniaServerInstance.StartAsync(new ServeSettings { ModelsDir = directory.FullName, ChatModel = "stories260k" });
            var body = ChatRequests.Body("hi", 3);

            var (status, json) = await ChatRequests.PostAsync(server.Http, body);

            Assert.Equal(503, status);
            var message = json.GetProperty("error").GetProperty("message").GetString();
            Assert.Contains("stories260K.gguf", message);
            Assert.Contains(directory.FullName, message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
