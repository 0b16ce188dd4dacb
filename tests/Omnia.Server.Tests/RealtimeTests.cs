using System.Net.WebSockets;
using System.Text.Json;

namespace Omnia.Server.Tests;

/// <summary>The Realtime API end to end: Silero turn detection, pocketsphinx, stories260K and espeak-ng, over a real socket.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class RealtimeTests(StoriesServerFixture fixture)
{
    private readonly OmniaServerInstance _server = fixture.Server;

    private static object SessionUpdate(object session) => new { type = "session.update", session };

    [Fact]
    public async Task A_spoken_question_is_heard_transcribed_and_answered_with_audio()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.WaitForAsync("session.created");
        await client.SendAsync(SessionUpdate(new { type = "realtime", max_output_tokens = 40 }));
        await client.WaitForAsync("session.updated");

        await client.AppendSpeechAsync(await Utterances.SpokenAsync("What is the weather like today?"));

        var started = await client.WaitForAsync("input_audio_buffer.speech_started");
        var stopped = await client.WaitForAsync("input_audio_buffer.speech_stopped");
        var committed = await client.WaitForAsync("input_audio_buffer.committed");
        var transcript = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        var done = await client.WaitForAsync("response.done");

        Assert.InRange(started.GetProperty("audio_start_ms").GetInt64(), 0, 600);
        Assert.True(stopped.GetProperty("audio_end_ms").GetInt64() > started.GetProperty("audio_start_ms").GetInt64() + 800);
        Assert.Equal(started.GetProperty("item_id").GetString(), committed.GetProperty("item_id").GetString());
        Assert.Contains("weather", transcript.GetProperty("transcript").GetString());
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
        var audio = client.All.Where(e => e.GetProperty("type").GetString() == "response.output_audio.delta")
            .Select(e => Convert.FromBase64String(e.GetProperty("delta").GetString()!)).ToList();
        Assert.NotEmpty(audio);
        Assert.All(audio, a => Assert.Equal(0, a.Length % 2));
        Assert.Contains(client.All, e => e.GetProperty("type").GetString() == "response.output_audio_transcript.delta");
        var latency = done.GetProperty("response").GetProperty("omnia").GetProperty("latency");
        Assert.True(latency.TryGetProperty("first_token_ms", out _));
        Assert.True(latency.TryGetProperty("first_audio_synthesized_ms", out _));
    }

    [Fact]
    public async Task Spoken_in_real_time_the_answer_starts_at_the_first_silent_frame_and_is_released_at_the_turn_decision()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new { type = "realtime", max_output_tokens = 24 }));
        await client.WaitForAsync("session.updated");

        await client.AppendSpeechAsync(await Utterances.SpokenAsync("What is the weather like today?", 0.3, 1.0), realTime: true);
        var stopped = await client.WaitForAsync("input_audio_buffer.speech_stopped");
        var done = await client.WaitForAsync("response.done");

        var latency = done.GetProperty("response").GetProperty("omnia").GetProperty("latency");
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
        Assert.True(latency.GetProperty("speculative").GetBoolean(), "the answer started at the first silent frame: " + latency);
        Assert.True(client.All.FindIndex(e => e.GetProperty("type").GetString() == "response.created")
                    > client.All.FindIndex(e => e.GetProperty("type").GetString() == "input_audio_buffer.speech_stopped"),
            "nothing of the answer is sent before the turn is decided");
        Assert.NotNull(stopped.GetProperty("item_id").GetString());
    }

    [Fact]
    public async Task Semantic_vad_hears_a_second_utterance_that_starts_soon_after_the_first_ended()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new
        {
            type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 8,
            audio = new { input = new { turn_detection = new { type = "semantic_vad", eagerness = "high" } } },
        }));
        await client.WaitForAsync("session.updated");

        var first = await Utterances.SpokenAsync("What is the weather like today?", 0.3, 0.6);
        var second = await Utterances.SpokenAsync("Please call Stella.", 0, 1.0);
        await client.AppendSpeechAsync([.. first, .. second]);
        var firstCommit = await client.WaitForAsync("input_audio_buffer.committed");
        var secondCommit = await client.WaitForAsync("input_audio_buffer.committed");

        Assert.NotEqual(firstCommit.GetProperty("item_id").GetString(), secondCommit.GetProperty("item_id").GetString());
        Assert.Equal(2, client.All.Count(e => e.GetProperty("type").GetString() == "input_audio_buffer.speech_started"));
    }

    [Theory]
    [InlineData("auto", 1)]
    [InlineData("words", 2)]
    public async Task Semantic_vad_waits_through_a_pause_after_an_unfinished_phrase_the_word_list_lacks(string scoring, int turns)
    {
        // stories260K has no end-of-turn token: auto reads pocketsphinx's n-gram LM, which scores "… we should" as
        // unfinished (0.06: a 780 ms wait); the word rule alone ends the turn 300 ms into the pause ("should" is not
        // on its list). The pause is 300 ms of silence plus flite's own around its words: about 500 ms.
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new
        {
            type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 4,
            audio = new { input = new { turn_detection = new { type = "semantic_vad", eagerness = "auto", create_response = false } } },
            omnia = new { end_of_turn = scoring },
        }));
        await client.WaitForAsync("session.updated");

        var first = await Utterances.SpokenAsync("I think that we should", 0.3, 0.3);
        var second = await Utterances.SpokenAsync("go home now", 0, 1.5);
        await client.AppendSpeechAsync([.. first, .. second], realTime: true);
        await client.WaitForAsync("input_audio_buffer.committed");
        await client.SendAsync(new { type = "conversation.item.retrieve", item_id = "item_barrier", event_id = "evt_barrier" });
        await client.WaitForAsync("error", where: e => e.GetProperty("error").GetProperty("event_id").GetString() == "evt_barrier");

        var heard = client.All.Where(e => e.GetProperty("type").GetString() == "conversation.item.input_audio_transcription.completed")
            .Select(e => e.GetProperty("transcript").GetString());
        Assert.True(turns == client.All.Count(e => e.GetProperty("type").GetString() == "input_audio_buffer.committed"), "heard: " + string.Join(" | ", heard));
    }

    [Fact]
    public async Task Idle_timeout_prompts_the_assistant_when_the_user_stays_silent_even_with_no_audio_coming()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new
        {
            type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 8,
            audio = new { input = new { turn_detection = new { type = "server_vad", idle_timeout_ms = 1000 } } },
        }));
        await client.WaitForAsync("session.updated");

        // The wait is on the clock: a client that sends nothing (a muted microphone) is prompted too.
        var timeout = await client.WaitForAsync("input_audio_buffer.timeout_triggered");
        var done = await client.WaitForAsync("response.done");

        Assert.Equal(0, timeout.GetProperty("audio_end_ms").GetInt64());
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Manual_commit_then_response_create_and_an_empty_commit_is_an_error_naming_the_event()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new { type = "realtime", output_modalities = new[] { "text" }, max_output_tokens = 12, audio = new { input = new { turn_detection = (object?)null } } }));
        await client.WaitForAsync("session.updated");

        await client.SendAsync(new { type = "input_audio_buffer.commit", event_id = "evt_empty" });
        var error = await client.WaitForAsync("error");
        await client.AppendSpeechAsync(await Utterances.SpokenAsync("Please call Stella.", 0.2, 0.3));
        await client.SendAsync(new { type = "input_audio_buffer.commit" });
        var transcript = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        await client.SendAsync(new { type = "response.create" });
        var done = await client.WaitForAsync("response.done");

        Assert.Equal("input_audio_buffer_commit_empty", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("evt_empty", error.GetProperty("error").GetProperty("event_id").GetString());
        Assert.StartsWith("please call", transcript.GetProperty("transcript").GetString());
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
        Assert.Contains(client.All, e => e.GetProperty("type").GetString() == "response.output_text.delta");
        Assert.DoesNotContain(client.All, e => e.GetProperty("type").GetString() == "input_audio_buffer.speech_started");
    }

    [Fact]
    public async Task Speaking_over_the_answer_cancels_it_and_no_more_of_its_audio_arrives()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new { type = "realtime", max_output_tokens = 1500 }));
        await client.WaitForAsync("session.updated");
        var stopPlease = await Utterances.SpokenAsync("Stop please.", 0, 0.2);

        // The speech follows response.create at once, in one event: the conversation handles it right after it
        // started the answer, long before stories260K and espeak-ng can finish even a short story. The exact timing of
        // barge-in (cancelled mid-answer, no audio after the interruption) is VoiceConversation's, tested in
        // Omnia.Voice.Tests' BargeInTests; here the wire carries it.
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = "Tell me a long story." } } } });
        await client.SendAsync(new { type = "response.create" });
        await client.AppendSpeechAsync(stopPlease, oneEvent: true);
        var created = await client.WaitForAsync("response.created");
        var responseId = created.GetProperty("response").GetProperty("id").GetString();
        await client.WaitForAsync("input_audio_buffer.speech_started");
        var afterBargeIn = client.All.Count;
        var done = await client.WaitForAsync("response.done", where: e => e.GetProperty("response").GetProperty("id").GetString() == responseId);

        Assert.Equal("cancelled", done.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("turn_detected", done.GetProperty("response").GetProperty("status_details").GetProperty("reason").GetString());
        Assert.DoesNotContain(client.All.Skip(afterBargeIn), e => e.GetProperty("type").GetString() == "response.output_audio.delta"
            && e.GetProperty("response_id").GetString() == responseId);
    }

    [Fact]
    public async Task Truncate_cuts_the_assistant_transcript_to_what_was_heard()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new { type = "realtime", max_output_tokens = 120, audio = new { input = new { turn_detection = (object?)null } } }));
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = "Once upon a time" } } } });
        await client.SendAsync(new { type = "response.create" });
        var done = await client.WaitForAsync("response.done");
        var item = done.GetProperty("response").GetProperty("output")[0];
        var full = item.GetProperty("content")[0].GetProperty("transcript").GetString()!;

        await client.SendAsync(new { type = "conversation.item.truncate", item_id = item.GetProperty("id").GetString(), content_index = 0, audio_end_ms = 800 });
        var truncated = await client.WaitForAsync("conversation.item.truncated");
        await client.SendAsync(new { type = "conversation.item.retrieve", item_id = item.GetProperty("id").GetString() });
        var retrieved = await client.WaitForAsync("conversation.item.retrieved");
        var heard = retrieved.GetProperty("item").GetProperty("content")[0].GetProperty("transcript").GetString()!;

        Assert.Equal(800, truncated.GetProperty("audio_end_ms").GetDouble());
        Assert.True(heard.Length < full.Length, $"'{heard}' vs '{full}'");
        Assert.StartsWith(heard.Split(' ')[0], full.TrimStart());
    }

    [Fact]
    public async Task A_function_call_round_trip()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new
        {
            type = "realtime", output_modalities = new[] { "text" }, tool_choice = "required", max_output_tokens = 120,
            tools = new[] { new { type = "function", name = "get_time", description = "The time", parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","maxLength":8}},"required":["city"]}""").RootElement } },
            audio = new { input = new { turn_detection = (object?)null } },
        }));
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = "What time is it in Oslo?" } } } });
        await client.SendAsync(new { type = "response.create" });
        var arguments = await client.WaitForAsync("response.function_call_arguments.done");
        await client.WaitForAsync("response.done");

        await client.SendAsync(SessionUpdate(new { type = "realtime", tool_choice = "none" }));
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "function_call_output", call_id = arguments.GetProperty("call_id").GetString(), output = "{\"time\":\"12:00\"}" } });
        await client.SendAsync(new { type = "response.create" });
        var done = await client.WaitForAsync("response.done");

        Assert.Equal("get_time", arguments.GetProperty("name").GetString());
        Assert.True(JsonDocument.Parse(arguments.GetProperty("arguments").GetString()!).RootElement.TryGetProperty("city", out _));
        Assert.Equal("completed", done.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task G711_mu_law_in_and_out()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.SendAsync(SessionUpdate(new
        {
            type = "realtime", max_output_tokens = 20,
            audio = new { input = new { format = new { type = "audio/pcmu" } }, output = new { format = new { type = "audio/pcmu" } } },
        }));
        var updated = await client.WaitForAsync("session.updated");
        await client.AppendSpeechAsync(await Utterances.SpokenAsync("What is the weather like today?"), "g711_ulaw");
        var transcript = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        var audio = await client.WaitForAsync("response.output_audio.delta");
        await client.WaitForAsync("response.done");

        Assert.Equal("audio/pcmu", updated.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
        // 8 kHz telephone audio loses what pocketsphinx's 16 kHz model listens for above 4 kHz: something is heard, not always the words.
        Assert.NotEmpty(transcript.GetProperty("transcript").GetString()!);
        var bytes = client.All.Where(e => e.GetProperty("type").GetString() == "response.output_audio.delta").Sum(e => Convert.FromBase64String(e.GetProperty("delta").GetString()!).Length);
        var transcriptLength = client.All.Where(e => e.GetProperty("type").GetString() == "response.output_audio_transcript.delta").Sum(e => e.GetProperty("delta").GetString()!.Length);
        Assert.NotEmpty(Convert.FromBase64String(audio.GetProperty("delta").GetString()!));
        Assert.InRange(bytes / 8000.0, transcriptLength * 0.02, transcriptLength * 0.2);
    }

    [Fact]
    public async Task A_beta_shape_client_gets_beta_event_names()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress, configure: o => o.SetRequestHeader("OpenAI-Beta", "realtime=v1"));
        await client.SendAsync(SessionUpdate(new { modalities = new[] { "text", "audio" }, voice = "echo", input_audio_format = "pcm16", output_audio_format = "pcm16", turn_detection = (object?)null, max_response_output_tokens = 20 }));
        var updated = await client.WaitForAsync("session.updated");
        await client.SendAsync(new { type = "conversation.item.create", item = new { type = "message", role = "user", content = new[] { new { type = "input_text", text = "Hello" } } } });
        await client.WaitForAsync("conversation.item.created");
        await client.SendAsync(new { type = "response.create" });
        await client.WaitForAsync("response.done");

        Assert.Equal("echo", updated.GetProperty("session").GetProperty("voice").GetString());
        Assert.Contains(client.All, e => e.GetProperty("type").GetString() == "response.audio.delta");
        Assert.Contains(client.All, e => e.GetProperty("type").GetString() == "response.audio_transcript.delta");
        Assert.DoesNotContain(client.All, e => e.GetProperty("type").GetString()!.StartsWith("response.output_audio", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_events_get_error_events_and_the_session_survives()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress);
        await client.WaitForAsync("session.created");

        await client.SendRawAsync("{not json");
        var invalidJson = await client.WaitForAsync("error");
        await client.SendAsync(new { type = "session.dance", event_id = "e1" });
        var unknown = await client.WaitForAsync("error");
        await client.SendAsync(new { type = "input_audio_buffer.append", audio = "%%%not-base64%%%" });
        var badAudio = await client.WaitForAsync("error");
        await client.SendAsync(SessionUpdate(new { type = "realtime", audio = new { input = new { format = new { type = "audio/flac" } } } }));
        var badFormat = await client.WaitForAsync("error");
        await client.SendAsync(new { type = "response.cancel" });
        var nothingToCancel = await client.WaitForAsync("error");
        await client.SendAsync(new { type = "conversation.item.retrieve", item_id = "item_nope" });
        var missingItem = await client.WaitForAsync("error");
        await client.SendAsync(SessionUpdate(new { type = "realtime", omnia = new { end_of_turn = "vibes" } }));
        var badScoring = await client.WaitForAsync("error");
        await client.SendAsync(SessionUpdate(new { type = "realtime", instructions = "Be brief." }));
        var updated = await client.WaitForAsync("session.updated");

        Assert.Equal("invalid_json", invalidJson.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_event_type", unknown.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("e1", unknown.GetProperty("error").GetProperty("event_id").GetString());
        Assert.Equal("audio", badAudio.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("session.audio.input.format", badFormat.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("response_cancel_not_active", nothingToCancel.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("item_not_found", missingItem.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("session.omnia.end_of_turn", badScoring.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal("Be brief.", updated.GetProperty("session").GetProperty("instructions").GetString());
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task The_translation_preset_turns_english_speech_into_spanish_speech()
    {
        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress, "model=stories260k&preset=translate&from=en&to=es");
        var created = await client.WaitForAsync("session.created");

        await client.AppendSpeechAsync(await Utterances.SpokenAsync("The weather is nice today."));
        var heard = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        var done = await client.WaitForAsync("response.done");

        Assert.Equal("es", created.GetProperty("session").GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Contains("weather", heard.GetProperty("transcript").GetString());
        var spoken = done.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0].GetProperty("transcript").GetString();
        Assert.Contains("tiempo", spoken);
        Assert.Contains(client.All, e => e.GetProperty("type").GetString() == "response.output_audio.delta");
    }

    [Fact]
    public async Task A_plain_http_request_to_the_realtime_endpoint_is_a_clear_400()
    {
        using var response = await _server.Http.GetAsync("v1/realtime?model=stories260k");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("websocket_required", await response.Content.ReadAsStringAsync());
    }
}

public sealed class RealtimeAuthTests
{
    [Fact]
    public async Task Keys_are_checked_from_the_header_or_the_browser_subprotocol()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["rt-key"]);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => RealtimeTestClient.ConnectAsync(server.BaseAddress));
        await using var byHeader = await RealtimeTestClient.ConnectAsync(server.BaseAddress, configure: o => o.SetRequestHeader("Authorization", "Bearer rt-key"));
        await using var bySubprotocol = await RealtimeTestClient.ConnectAsync(server.BaseAddress, configure: o =>
        {
            o.AddSubProtocol("realtime");
            o.AddSubProtocol("openai-insecure-api-key.rt-key");
        });

        Assert.NotNull(refused);
        Assert.Equal("session.created", (await byHeader.WaitForAsync("session.created")).GetProperty("type").GetString());
        Assert.Equal("session.created", (await bySubprotocol.WaitForAsync("session.created")).GetProperty("type").GetString());
    }
}
