using System.Text.Json;
using System.Text.Json.Nodes;
using Omnia.Server.OpenAI.Responses;
using Omnia.Tests;

namespace Omnia.Server.Tests.Responses;

/// <summary>
/// <c>omnia serve</c> killed hard while it runs background responses: a server started again on the same data
/// directory answers them as failed once their lease has passed, instead of queued or in_progress forever.
/// </summary>
public sealed class KilledServerBackgroundTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("omnia-killed-").FullName;

    /// <summary>A short lease, on both servers: the one killed wrote it, the next one reads it.</summary>
    private static readonly Dictionary<string, string> ShortLease = new()
    {
        ["Omnia__BackgroundResponses__Lease"] = "00:00:02",
        ["Omnia__BackgroundResponses__LeaseRenewal"] = "00:00:00.500",
    };

    private Task<OmniaServeProcess> StartAsync() => OmniaServeProcess.StartAsync(ShortLease,
        "--data-dir", _dataDir, "--models-dir", TestPaths.SharedModels, "--chat-model", "stories260k",
        "--context-size", "2048", "--parallel", "1", "--threads", "1");

    /// <summary>A background response that writes for long: a schema whose one string must run past 1,000 characters.</summary>
    private static JsonObject LongBackground()
    {
        var body = ResponsesHttp.Body("Once upon a time", 1900);
        body["background"] = true;
        body["temperature"] = 1;
        body["text"] = JsonNode.Parse("""{"format":{"type":"json_schema","name":"long","schema":{"type":"object","properties":{"s":{"type":"string","minLength":1000}},"required":["s"]}}}""");
        return body;
    }

    private static string Status(JsonElement response) => response.GetProperty("status").GetString()!;

    [Fact]
    public async Task Background_responses_of_a_killed_server_read_as_failed_after_a_restart_once_their_lease_passed()
    {
        var ids = new List<string>();
        var beforeKill = new List<string>();
        await using (var killed = await StartAsync())
        {
            // One decode slot: the first writes, the others wait their turn behind it.
            for (var i = 0; i < 3; i++)
            {
                var (status, created) = await ResponsesHttp.PostAsync(killed.Http, "v1/responses", LongBackground());
                Assert.True(status == 200, created.ToString());
                ids.Add(created.GetProperty("id").GetString()!);
            }
            foreach (var id in ids) beforeKill.Add(Status((await ResponsesHttp.GetAsync(killed.Http, $"v1/responses/{id}")).Json));
            await killed.KillAsync();
        }

        await using var restarted = await StartAsync();
        var after = new List<JsonElement>();
        foreach (var id in ids)
        {
            // Polled, as a client does, until the lease the killed server last renewed has passed.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            JsonElement response;
            do
            {
                (_, response) = await ResponsesHttp.GetAsync(restarted.Http, $"v1/responses/{id}");
                if (Status(response) is not ("queued" or "in_progress")) break;
                await Task.Delay(200);
            }
            while (DateTime.UtcNow < deadline);
            after.Add(response);
        }

        Assert.Contains(beforeKill, s => s is "queued" or "in_progress");
        for (var i = 0; i < ids.Count; i++)
        {
            if (beforeKill[i] is not ("queued" or "in_progress")) continue;
            Assert.Equal("failed", Status(after[i]));
            Assert.Equal("server_error", after[i].GetProperty("error").GetProperty("code").GetString());
            Assert.Equal(LeaseExpiringResponseStore.StoppedMessage, after[i].GetProperty("error").GetProperty("message").GetString());
        }
    }

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
