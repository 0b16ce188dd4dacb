using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Server.OpenAI.Responses;
using Omnia.Storage;
using Omnia.Store;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// A background response left running by a server that stopped (stored as it left it: running, its lease passed) is
/// failed to every endpoint that reads its status: retrieve, cancel, and a <c>previous_response_id</c> pointing at it.
/// One whose lease still runs is not. Run on each store by a subclass that gives the server.
/// </summary>
public abstract class ExpiredLeaseHttpTests(OmniaServerInstance server)
{
    private readonly HttpClient _http = server.Http;

    /// <summary>Saves a background response as a server running it left it, with its lease ending at <paramref name="leaseEnd"/>.</summary>
    private async Task<string> LeftRunningAsync(string status, DateTimeOffset leaseEnd)
    {
        var id = ResponseIds.Response();
        var store = server.Services.GetRequiredService<StoreDatabase>().Responses;
        var json = $$"""{"id":"{{id}}","object":"response","created_at":{{leaseEnd.AddMinutes(-2).ToUnixTimeSeconds()}},"status":"{{status}}","background":true,"error":null,"model":"stories260k","output":[]}""";
        var input = new StoredItem("msg_" + id[5..], """{"id":"msg_in","type":"message","role":"user","content":[{"type":"input_text","text":"Lily had a cat."}]}""");
        await store.SaveAsync(new StoredResponse(id, "stories260k", status, leaseEnd.AddMinutes(-2), null, null, json, [input], []) { LeaseExpiresAt = leaseEnd }, CancellationToken.None);
        return id;
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("in_progress")]
    public async Task A_response_whose_lease_passed_is_retrieved_as_failed_with_a_server_error(string status)
    {
        var id = await LeftRunningAsync(status, DateTimeOffset.UtcNow.AddSeconds(-1));

        var (code, json) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");
        var (_, again) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");

        Assert.Equal(200, code);
        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Equal("server_error", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(LeaseExpiringResponseStore.StoppedMessage, json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(json.GetRawText(), again.GetRawText());
    }

    [Fact]
    public async Task A_cancel_of_a_response_whose_lease_passed_answers_it_as_failed_as_for_any_that_no_longer_runs()
    {
        var id = await LeftRunningAsync("in_progress", DateTimeOffset.UtcNow.AddSeconds(-1));

        var (code, cancelled) = await ResponsesHttp.PostAsync(_http, $"v1/responses/{id}/cancel", new JsonObject());
        var (_, stored) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{id}");

        Assert.Equal(200, code);
        Assert.Equal("failed", cancelled.GetProperty("status").GetString());
        Assert.Equal("server_error", cancelled.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("failed", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_response_whose_lease_passed_can_be_continued_and_one_still_leased_cannot()
    {
        var expired = await LeftRunningAsync("in_progress", DateTimeOffset.UtcNow.AddSeconds(-1));
        var leased = await LeftRunningAsync("in_progress", DateTimeOffset.UtcNow.AddMinutes(10));
        var afterExpired = ResponsesHttp.Body("And then?");
        afterExpired["previous_response_id"] = expired;
        var afterLeased = ResponsesHttp.Body("And then?");
        afterLeased["previous_response_id"] = leased;

        var (expiredStatus, continued) = await ResponsesHttp.PostAsync(_http, "v1/responses", afterExpired);
        var (leasedStatus, refused) = await ResponsesHttp.PostAsync(_http, "v1/responses", afterLeased);
        var (_, stillRunning) = await ResponsesHttp.GetAsync(_http, $"v1/responses/{leased}");

        Assert.True(expiredStatus == 200, continued.ToString());
        Assert.Equal((400, "previous_response_id"), (leasedStatus, ResponsesHttp.Error(refused)));
        Assert.Contains("in_progress", ResponsesHttp.Error(refused, "message"));
        Assert.Equal("in_progress", stillRunning.GetProperty("status").GetString());
    }
}
