using System.Text.Json;
using Omnia.Server.Realtime;
using Omnia.Server.Realtime.Events;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Tests.Realtime.Events;

/// <summary>Server events through the source-generated context: each GA name, the beta renames, and nulls where OpenAI writes them.</summary>
public sealed class RealtimeServerEventJsonTests
{
    private static readonly RealtimeItem Message = new("item_1", "message", "completed") { Role = "assistant", Content = [new RealtimeAudioPart("output_audio", "hi")] };
    private static readonly RealtimeResponse Response = new("resp_1", "completed") { Output = [Message], OutputModalities = ["audio"] };
    private static readonly RealtimeSessionResource Session = new GaSessionResource("sess_1", "m", "Be brief.")
    {
        Audio = new SessionAudio(
            new SessionAudioInput(new WireAudioFormat("audio/pcm", 24000), new SessionTranscription("pocketsphinx-en-us"), null),
            new SessionAudioOutput(new WireAudioFormat("audio/pcm", 24000), "alloy", 1f)),
    };

    /// <summary>One event of every type the server writes.</summary>
    private static readonly RealtimeServerEvent[] Samples =
    [
        new SessionCreatedEvent(Session), new SessionUpdatedEvent(Session),
        new ErrorEvent(new RealtimeError("invalid_request_error", "invalid_value", "Bad.", "audio", "evt_1")),
        new RateLimitsUpdatedEvent([new RealtimeRateLimit("requests", 10, 9, 1.5)]),
        new SpeechStartedEvent(100, "item_1"), new SpeechStoppedEvent(900, "item_1"), new InputTimeoutTriggeredEvent(0, 900, "item_1"),
        new InputCommittedEvent(null, "item_1"), new InputClearedEvent(),
        new ItemAddedEvent(null, Message), new ItemDoneEvent("item_0", Message), new ItemRetrievedEvent(Message),
        new ItemDeletedEvent("item_1"), new ItemTruncatedEvent("item_1", 0, 500),
        new TranscriptionDeltaEvent("item_1", 0, "he"), new TranscriptionCompletedEvent("item_1", 0, "hello", new TranscriptionUsage("duration", 2)),
        new TranscriptionFailedEvent("item_1", 0, new RealtimeFailure("server_error", "transcription_failed", "Down.")),
        new ResponseCreatedEvent(Response), new ResponseDoneEvent(Response),
        new OutputItemAddedEvent("resp_1", 0, Message), new OutputItemDoneEvent("resp_1", 0, Message),
        new ContentPartAddedEvent("resp_1", "item_1", new RealtimeTextPart("output_text", "")), new ContentPartDoneEvent("resp_1", "item_1", new RealtimeTextPart("output_text", "hi")),
        new OutputTextDeltaEvent("resp_1", "item_1", "h"), new OutputTextDoneEvent("resp_1", "item_1", "hi"),
        new OutputAudioTranscriptDeltaEvent("resp_1", "item_1", "h"), new OutputAudioTranscriptDoneEvent("resp_1", "item_1", "hi"),
        new OutputAudioDeltaEvent("resp_1", "item_1", [1, 2, 3]), new OutputAudioDoneEvent("resp_1", "item_1"),
        new FunctionCallArgumentsDeltaEvent("resp_1", "item_2", 0, "call_1", "{"),
        new FunctionCallArgumentsDoneEvent("resp_1", "item_2", 0, "call_1", "f", "{}"),
        new McpListToolsInProgressEvent("item_3"),
        new McpListToolsCompletedEvent("item_3"),
        new McpListToolsFailedEvent("item_3"),
        new McpCallArgumentsDeltaEvent("resp_1", "item_4", 0, "{}"),
        new McpCallArgumentsDoneEvent("resp_1", "item_4", 0, "{}"),
        new McpCallInProgressEvent("item_4", 0),
        new McpCallCompletedEvent("item_4", 0),
        new McpCallFailedEvent("item_4", 0),
    ];

    public static TheoryData<string> GaNames => [.. DerivedTypes().Select(d => (string)d.TypeDiscriminator!)];

    [Fact]
    public void The_samples_cover_every_server_event_type()
    {
        Assert.Equal(DerivedTypes().Select(d => d.DerivedType).Order(TypeOrder.Instance), Samples.Select(s => s.GetType()).Order(TypeOrder.Instance));
    }

    [Theory]
    [MemberData(nameof(GaNames))]
    public void Each_event_is_written_with_its_type_then_its_event_id_and_reads_back_as_itself(string name)
    {
        var sample = Samples.Single(s => s.GetType() == DerivedTypes().Single(d => (string)d.TypeDiscriminator! == name).DerivedType);

        var json = JsonSerializer.Serialize(sample with { EventId = "event_7" }, RealtimeEventJson.Ga);
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.EnumerateObject().ToList();
        var back = JsonSerializer.Deserialize(json, RealtimeEventJson.Ga)!;

        Assert.Equal(("type", name), (properties[0].Name, properties[0].Value.GetString()));
        Assert.Equal(("event_id", "event_7"), (properties[1].Name, properties[1].Value.GetString()));
        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal("event_7", back.EventId);
    }

    [Fact]
    public void Beta_clients_get_the_beta_names_and_the_others_unchanged()
    {
        foreach (var sample in Samples)
        {
            var ga = TypeOf(JsonSerializer.Serialize(sample, RealtimeEventJson.Ga));
            var beta = TypeOf(JsonSerializer.Serialize(sample, RealtimeEventJson.Beta));

            Assert.Equal(BetaEventShapes.EventNames.GetValueOrDefault(ga, ga), beta);
            Assert.Equal(sample.GetType(), JsonSerializer.Deserialize(JsonSerializer.Serialize(sample, RealtimeEventJson.Beta), RealtimeEventJson.Beta)!.GetType());
        }
        Assert.Equal("response.audio.delta", TypeOf(JsonSerializer.Serialize<RealtimeServerEvent>(new OutputAudioDeltaEvent("r", "i", [0]), RealtimeEventJson.Beta)));
        Assert.Equal("response.output_audio.delta", TypeOf(JsonSerializer.Serialize<RealtimeServerEvent>(new OutputAudioDeltaEvent("r", "i", [0]), RealtimeEventJson.Ga)));
        Assert.Equal("conversation.item.created", TypeOf(JsonSerializer.Serialize<RealtimeServerEvent>(new ItemAddedEvent(null, Message), RealtimeEventJson.Beta)));
    }

    [Fact]
    public void Beta_clients_get_the_beta_content_part_types_in_content_part_events()
    {
        var spoken = new ContentPart(ContentKind.OutputAudio, "hi");

        var beta = Parse(new ContentPartAddedEvent("r", "i", RealtimeItems.Part(spoken, beta: true))).GetProperty("part");
        var ga = Parse(new ContentPartAddedEvent("r", "i", RealtimeItems.Part(spoken))).GetProperty("part");

        Assert.Equal(("audio", "hi"), (beta.GetProperty("type").GetString(), beta.GetProperty("transcript").GetString()));
        Assert.Equal("output_audio", ga.GetProperty("type").GetString());
    }

    [Fact]
    public void Nulls_are_written_where_openai_writes_them_and_fields_of_other_item_kinds_are_left_out()
    {
        var stopped = Parse(new SpeechStoppedEvent(10, null));
        var error = Parse(new ErrorEvent(new RealtimeError("invalid_request_error", "invalid_json", "Bad.", null, null))).GetProperty("error");
        var call = Parse(new ItemAddedEvent(null, new RealtimeItem("item_2", "function_call", "completed") { CallId = "c", Name = "f", Arguments = "{}" })).GetProperty("item");
        var heard = Parse(new ItemAddedEvent(null, new RealtimeItem("item_3", "message", "in_progress") { Role = "user", Content = [new RealtimeAudioPart("input_audio", null)] }));
        var created = Parse(new ResponseCreatedEvent(new RealtimeResponse("resp_1", "in_progress"))).GetProperty("response");

        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("item_id").ValueKind);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (error.GetProperty("param").ValueKind, error.GetProperty("event_id").ValueKind));
        Assert.Equal(["id", "type", "status", "object", "call_id", "name", "arguments"], call.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, heard.GetProperty("previous_item_id").ValueKind);
        var part = heard.GetProperty("item").GetProperty("content")[0];
        Assert.Equal(["type", "transcript"], part.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, part.GetProperty("transcript").ValueKind);
        Assert.Equal("inf", created.GetProperty("max_output_tokens").GetString());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (created.GetProperty("usage").ValueKind, created.GetProperty("status_details").ValueKind));
        Assert.False(created.TryGetProperty("modalities", out _));
        Assert.False(created.TryGetProperty("omnia", out _));
    }

    [Fact]
    public void Audio_is_written_as_base64_and_the_latency_trace_as_stage_fields()
    {
        var audio = Parse(new OutputAudioDeltaEvent("r", "i", [1, 2, 3]));
        var done = Parse(new ResponseDoneEvent(new RealtimeResponse("r", "completed")
        {
            Omnia = new ResponseOmnia(new RealtimeLatency(850, true, [new("turn_decided", 12.34), new("first_token", 40.06)])),
        })).GetProperty("response").GetProperty("omnia").GetProperty("latency");

        Assert.Equal(Convert.ToBase64String([1, 2, 3]), audio.GetProperty("delta").GetString());
        Assert.Equal("""{"audio_end_ms":850,"speculative":true,"turn_decided_ms":12.3,"first_token_ms":40.1}""", done.GetRawText());
    }

    [Fact]
    public void The_session_is_written_in_the_shape_of_the_client()
    {
        var config = new RealtimeSessionConfig { MaxOutputTokens = 20, Truncation = new ConversationTruncation(0.5) };

        var ga = Parse(new SessionCreatedEvent(config.ToResource(beta: false, "sess_1", "m"))).GetProperty("session");
        var beta = Parse(new SessionCreatedEvent(config.ToResource(beta: true, "sess_1", "m"))).GetProperty("session");

        Assert.Equal("realtime", ga.GetProperty("type").GetString());
        Assert.Equal("audio/pcm", ga.GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, ga.GetProperty("audio").GetProperty("input").GetProperty("noise_reduction").ValueKind);
        Assert.Equal("server_vad", ga.GetProperty("audio").GetProperty("input").GetProperty("turn_detection").GetProperty("type").GetString());
        Assert.Equal("""{"type":"retention_ratio","retention_ratio":0.5}""", ga.GetProperty("truncation").GetRawText());
        Assert.Equal(20, ga.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, ga.GetProperty("omnia").ValueKind);
        Assert.Equal(("pcm16", "alloy", 20), (beta.GetProperty("input_audio_format").GetString(), beta.GetProperty("voice").GetString(), beta.GetProperty("max_response_output_tokens").GetInt32()));
        Assert.False(beta.TryGetProperty("audio", out _));
    }

    private static JsonElement Parse(RealtimeServerEvent evt) => JsonDocument.Parse(JsonSerializer.Serialize(evt, RealtimeEventJson.Ga)).RootElement;

    private static string TypeOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("type").GetString()!;

    private static IList<System.Text.Json.Serialization.Metadata.JsonDerivedType> DerivedTypes() =>
        RealtimeEventJson.Ga.PolymorphismOptions!.DerivedTypes;

    private sealed class TypeOrder : IComparer<Type>
    {
        public static TypeOrder Instance { get; } = new();

        public int Compare(Type? x, Type? y) => string.CompareOrdinal(x?.FullName, y?.FullName);
    }
}
