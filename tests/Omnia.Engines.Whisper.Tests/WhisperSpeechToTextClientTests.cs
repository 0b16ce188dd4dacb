using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Errors;
using Omnia.Speech;

namespace Omnia.Engines.Whisper.Tests;

/// <summary>The real engine end to end — file check, whisper.cpp load, decode, segment mapping — on a random-weight model.</summary>
public sealed class WhisperSpeechToTextClientTests(RandomWhisperModel model) : IClassFixture<RandomWhisperModel>
{
    private static readonly TimeSpan AudioLength = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Streaming_yields_timed_segments_inside_the_audio_in_the_requested_language()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath, new() { Threads = 2 });

        var updates = await ToListAsync(client.GetStreamingTextAsync(Audio(), new SpeechToTextOptions { SpeechLanguage = "en" }));

        Assert.NotEmpty(updates);
        Assert.All(updates, update =>
        {
            Assert.Equal(SpeechToTextResponseUpdateKind.TextUpdated, update.Kind);
            Assert.Equal("ggml-random", update.ModelId);
            Assert.InRange(update.StartTime!.Value, TimeSpan.Zero, update.EndTime!.Value);
            Assert.InRange(update.EndTime!.Value, update.StartTime!.Value, AudioLength);
            Assert.Equal("en", update.AdditionalProperties?[SpeechProperties.Language]);
        });
        Assert.Equal(updates.Select(u => u.StartTime).Order(), updates.Select(u => u.StartTime));
    }

    [Fact]
    public async Task Without_a_language_whisper_detects_one_it_knows_and_the_response_reports_it()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath, new() { ModelId = "whisper-test", Threads = 2 });

        var response = await client.GetTextAsync(Audio());

        Assert.Equal("whisper-test", response.ModelId);
        var language = Assert.IsType<string>(response.AdditionalProperties?[SpeechProperties.Language]);
        Assert.Contains(language, WhisperLanguages.Codes);
        Assert.InRange(response.EndTime!.Value, TimeSpan.Zero, AudioLength);
    }

    [Fact]
    public async Task Translation_prompt_and_temperature_reach_the_engine_and_decode()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath, new() { Threads = 2 });
        var options = new SpeechToTextOptions
        {
            SpeechLanguage = "de",
            AdditionalProperties = new()
            {
                [SpeechProperties.Task] = "translate",
                [SpeechProperties.Prompt] = "Omnia spricht.",
                [SpeechProperties.Temperature] = 0.3f,
            },
        };

        var response = await client.GetTextAsync(Audio(), options);

        Assert.Equal("de", response.AdditionalProperties?[SpeechProperties.Language]);
        Assert.NotNull(response.EndTime);
    }

    [Fact]
    public async Task Empty_audio_is_an_empty_transcript()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath);

        var response = await client.GetTextAsync(new MemoryStream());
        var updates = await ToListAsync(client.GetStreamingTextAsync(new MemoryStream()));

        Assert.Equal("", response.Text);
        Assert.Empty(updates);
    }

    [Fact]
    public async Task A_container_instead_of_pcm_is_refused_naming_it()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath);
        var wav = new MemoryStream("RIFF\0\0\0\0WAVEfmt "u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() => client.GetTextAsync(wav));

        Assert.Equal("WAV (RIFF)", error.DetectedFormat);
    }

    [Fact]
    public async Task An_english_only_model_says_so_and_refuses_other_languages()
    {
        using var client = new WhisperSpeechToTextClient(model.EnglishPath);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            client.GetTextAsync(Audio(), new SpeechToTextOptions { SpeechLanguage = "fr" }));

        Assert.False(client.IsMultilingual);
        Assert.Equal(["en"], client.Languages);
        Assert.Contains("English-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_past_the_slots_and_queue_are_refused_as_overloaded()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath, new() { MaxConcurrentRequests = 1, MaxQueuedRequests = 0, Threads = 2 });
        // The first request holds its slot while its enumerator is suspended after its first segment.
        await using var first = client.GetStreamingTextAsync(Audio(), new SpeechToTextOptions { SpeechLanguage = "en" }).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        var error = await Assert.ThrowsAsync<EngineOverloadedException>(() => client.GetTextAsync(Audio()));

        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
        while (await first.MoveNextAsync())
        {
        }
        var afterwards = await client.GetTextAsync(new MemoryStream());
        Assert.Equal("", afterwards.Text);
    }

    [Fact]
    public async Task A_cancelled_request_stops_with_cancellation()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetTextAsync(Audio(), cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task A_request_cancelled_mid_stream_gives_its_slot_back()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath, new() { MaxConcurrentRequests = 1, MaxQueuedRequests = 0, Threads = 2 });
        using var cancellation = new CancellationTokenSource();
        var updates = client.GetStreamingTextAsync(Audio(), new SpeechToTextOptions { SpeechLanguage = "en" }, cancellation.Token);

        await using (var first = updates.GetAsyncEnumerator(cancellation.Token))
        {
            Assert.True(await first.MoveNextAsync());
            await cancellation.CancelAsync();
            try
            {
                while (await first.MoveNextAsync())
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        var next = await client.GetTextAsync(Audio(), new SpeechToTextOptions { SpeechLanguage = "en" });
        Assert.NotNull(next.EndTime);
    }

    [Fact]
    public async Task A_disposed_client_refuses_requests()
    {
        var client = new WhisperSpeechToTextClient(model.MultilingualPath);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetTextAsync(Audio()));
    }

    [Fact]
    public void Metadata_names_the_engine_and_model()
    {
        using var client = new WhisperSpeechToTextClient(model.MultilingualPath);

        var metadata = client.GetService<SpeechToTextClientMetadata>();

        Assert.Equal("whisper.cpp", metadata?.ProviderName);
        Assert.Equal("ggml-random", metadata?.DefaultModelId);
        Assert.Same(client, client.GetService<WhisperSpeechToTextClient>());
    }

    private static MemoryStream Audio() => new(RandomWhisperModel.Audio(AudioLength.TotalSeconds));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
