using System.Net.Http.Json;

namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class BatchingTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    [Fact]
    public async Task Sixteen_concurrent_streams_all_complete_and_are_decoded_in_the_same_steps()
    {
        var before = _server.Counters.GeneratedTokens;
        var streams = Enumerable.Range(0, 16).Select(i =>
        {
            var body = ChatRequests.Body($"Story number {i}", 300, seed: i, stream: true);
            body["ignore_eos"] = true;
            return ChatRequests.StreamAsync(_server.Http, body);
        }).ToList();

        var results = await Task.WhenAll(streams);

        Assert.All(results, r => Assert.True(r.Done));
        Assert.All(results, r => Assert.NotEmpty(ChatRequests.StreamedText(r.Chunks)));
        Assert.Equal(16 * 300, _server.Counters.GeneratedTokens - before);
        Assert.Equal(16, _server.Counters.PeakSequencesPerStep);
    }

    [Fact]
    public async Task A_client_that_disconnects_stops_its_generation()
    {
        var before = _server.Counters.GeneratedTokens;
        var cancelledBefore = _server.Counters.CancelledRequests;
        var body = ChatRequests.Body("Once upon a time", 2000, seed: 1, stream: true);
        body["ignore_eos"] = true;
        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) })
        using (var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            for (var lines = 0; lines < 6;)
                if ((await reader.ReadLineAsync())?.StartsWith("data: ", StringComparison.Ordinal) == true) lines++;
        }

        for (var i = 0; i < 200 && _server.Counters.ActiveRequests > 0; i++)
            await Task.Delay(25);

        Assert.Equal(0, _server.Counters.ActiveRequests);
        Assert.Equal(cancelledBefore + 1, _server.Counters.CancelledRequests);
        Assert.InRange(_server.Counters.GeneratedTokens - before, 1, 1999);
    }
}
