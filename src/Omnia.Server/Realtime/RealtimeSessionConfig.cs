using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Omnia.Vad;

namespace Omnia.Server.Realtime;

/// <summary>How turns end: the server's voice activity detector, a semantic end-of-turn rule on top of it, or the client's commit.</summary>
internal enum TurnDetectionKind
{
    None,
    ServerVad,
    SemanticVad,
}

/// <summary>A realtime session's settings, read from <c>session.update</c> in the GA shape or the older beta (flat) shape.</summary>
internal sealed class RealtimeSessionConfig
{
    public List<string> OutputModalities { get; set; } = ["audio"];
    public string Instructions { get; set; } = "You are a helpful, friendly voice assistant. Answer briefly.";
    public string Voice { get; set; } = "alloy";
    public float? Speed { get; set; }
    public RealtimeAudioFormat InputFormat { get; set; } = RealtimeAudioFormat.Pcm16;
    public RealtimeAudioFormat OutputFormat { get; set; } = RealtimeAudioFormat.Pcm16;
    public bool Transcribe { get; set; } = true;
    public TurnDetectionKind TurnDetection { get; set; } = TurnDetectionKind.ServerVad;
    public VoiceActivityOptions Vad { get; set; } = new() { Threshold = 0.5f, PrefixPaddingMs = 300, SilenceDurationMs = 500 };
    public bool CreateResponse { get; set; } = true;
    public bool InterruptResponse { get; set; } = true;
    public int? IdleTimeoutMs { get; set; }
    public string Eagerness { get; set; } = "auto";
    public List<AIFunctionDeclaration> Tools { get; set; } = [];
    public string ToolChoice { get; set; } = "auto";
    public int? MaxOutputTokens { get; set; }
    public float? Temperature { get; set; }

    /// <summary>The live-translation preset: the session becomes an interpreter from one language to another.</summary>
    public TranslationPreset? Translation { get; set; }

    /// <summary>Applies a <c>session</c> object; throws <see cref="RealtimeProtocolException"/> naming the bad field.</summary>
    public void Apply(JsonObject session, bool beta)
    {
        if (session["instructions"] is JsonValue instructions) Instructions = instructions.GetValue<string>();
        if (session["temperature"] is JsonValue temperature) Temperature = temperature.GetValue<float>();
        if ((session["max_output_tokens"] ?? session["max_response_output_tokens"]) is JsonValue max)
            MaxOutputTokens = max.TryGetValue<int>(out var n) ? n : null;
        if ((session["output_modalities"] ?? session["modalities"]) is JsonArray modalities)
        {
            var values = modalities.Select(m => m?.GetValue<string>() ?? "").ToList();
            if (values.Count == 0 || values.Any(m => m is not ("text" or "audio")))
                throw new RealtimeProtocolException("invalid_value", "output_modalities must be [\"audio\"] or [\"text\"].", "session.output_modalities");
            // GA answers in one modality; audio includes its transcript. Beta's ["text","audio"] means audio.
            OutputModalities = values.Contains("audio") ? ["audio"] : ["text"];
        }
        if (session["tools"] is JsonArray tools) Tools = tools.Select(ParseTool).ToList();
        if (session["tool_choice"] is JsonValue choice) ToolChoice = choice.GetValue<string>();
        if (session["omnia"]?["translate"] is JsonObject translate) ApplyTranslation(translate);

        if (beta)
        {
            if (session["voice"] is JsonValue voice) Voice = voice.GetValue<string>();
            if (session["input_audio_format"] is JsonValue input) InputFormat = Format(input.GetValue<string>(), "session.input_audio_format");
            if (session["output_audio_format"] is JsonValue output) OutputFormat = Format(output.GetValue<string>(), "session.output_audio_format");
            if (session.ContainsKey("input_audio_transcription")) Transcribe = session["input_audio_transcription"] is JsonObject;
            if (session.ContainsKey("turn_detection")) ApplyTurnDetection(session["turn_detection"] as JsonObject, "session.turn_detection");
            return;
        }

        if (session["audio"] is JsonObject audio)
        {
            if (audio["input"] is JsonObject input)
            {
                if (input["format"] is JsonObject format) InputFormat = Format(format["type"]?.GetValue<string>(), "session.audio.input.format");
                if (input.ContainsKey("transcription")) Transcribe = input["transcription"] is JsonObject;
                if (input.ContainsKey("turn_detection")) ApplyTurnDetection(input["turn_detection"] as JsonObject, "session.audio.input.turn_detection");
            }
            if (audio["output"] is JsonObject output)
            {
                if (output["format"] is JsonObject format) OutputFormat = Format(format["type"]?.GetValue<string>(), "session.audio.output.format");
                if (output["voice"] is JsonValue voice) Voice = voice.GetValue<string>();
                if (output["speed"] is JsonValue speed)
                {
                    Speed = speed.GetValue<float>();
                    if (Speed is < 0.25f or > 1.5f) throw new RealtimeProtocolException("invalid_value", "speed must be between 0.25 and 1.5.", "session.audio.output.speed");
                }
            }
        }
    }

    /// <summary>
    /// Turns the session into an interpreter: <c>{"omnia":{"translate":{"from":"en","to":"es","engine":"apertium"}}}</c>
    /// (engine <c>apertium</c> translates offline with Debian's rule-based pairs; <c>llm</c> asks the chat model). The
    /// voice becomes the target language's unless one is given in the same update.
    /// </summary>
    public void ApplyTranslation(JsonObject translate)
    {
        var from = translate["from"]?.GetValue<string>() ?? throw new RealtimeProtocolException("missing_required_parameter", "The translate preset needs 'from'.", "session.omnia.translate.from");
        var to = translate["to"]?.GetValue<string>() ?? throw new RealtimeProtocolException("missing_required_parameter", "The translate preset needs 'to'.", "session.omnia.translate.to");
        var engine = translate["engine"]?.GetValue<string>() ?? "apertium";
        if (engine is not ("apertium" or "llm"))
            throw new RealtimeProtocolException("invalid_value", "The translate preset's engine is 'apertium' or 'llm'.", "session.omnia.translate.engine");
        Translation = new TranslationPreset(from, to, engine);
        Voice = to;
        Instructions = $"You are a simultaneous interpreter. Translate everything the user says from {from} to {to}. Reply with the translation only.";
    }

    private void ApplyTurnDetection(JsonObject? detection, string param)
    {
        if (detection is null)
        {
            TurnDetection = TurnDetectionKind.None;
            return;
        }
        TurnDetection = detection["type"]?.GetValue<string>() switch
        {
            "server_vad" => TurnDetectionKind.ServerVad,
            "semantic_vad" => TurnDetectionKind.SemanticVad,
            var other => throw new RealtimeProtocolException("invalid_value", $"Unknown turn_detection type '{other}': server_vad, semantic_vad or null.", param + ".type"),
        };
        try
        {
            Vad = new VoiceActivityOptions
            {
                Threshold = detection["threshold"]?.GetValue<float>() ?? Vad.Threshold,
                PrefixPaddingMs = detection["prefix_padding_ms"]?.GetValue<int>() ?? Vad.PrefixPaddingMs,
                SilenceDurationMs = detection["silence_duration_ms"]?.GetValue<int>() ?? Vad.SilenceDurationMs,
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RealtimeProtocolException("invalid_value", e.Message.Split(" (Parameter")[0], param);
        }
        CreateResponse = detection["create_response"]?.GetValue<bool>() ?? CreateResponse;
        InterruptResponse = detection["interrupt_response"]?.GetValue<bool>() ?? InterruptResponse;
        IdleTimeoutMs = detection["idle_timeout_ms"]?.GetValue<int?>() ?? IdleTimeoutMs;
        if (detection["eagerness"] is JsonValue eagerness)
        {
            Eagerness = eagerness.GetValue<string>();
            if (Eagerness is not ("low" or "medium" or "high" or "auto"))
                throw new RealtimeProtocolException("invalid_value", "eagerness must be low, medium, high or auto.", param + ".eagerness");
        }
    }

    private static RealtimeAudioFormat Format(string? name, string param) =>
        RealtimeAudioFormats.Parse(name) ?? throw new RealtimeProtocolException("invalid_value", $"Unsupported audio format '{name}': audio/pcm (pcm16, 24 kHz), audio/pcmu (g711_ulaw) or audio/pcma (g711_alaw).", param);

    private static AIFunctionDeclaration ParseTool(JsonNode? tool)
    {
        var name = tool?["name"]?.GetValue<string>() ?? tool?["function"]?["name"]?.GetValue<string>()
            ?? throw new RealtimeProtocolException("missing_required_parameter", "Each tool needs a name.", "session.tools");
        var description = tool?["description"]?.GetValue<string>();
        var parameters = tool?["parameters"] is JsonObject p
            ? JsonSerializer.Deserialize<JsonElement>(p.ToJsonString())
            : JsonSerializer.Deserialize<JsonElement>("""{"type":"object","properties":{}}""");
        return AIFunctionFactory.CreateDeclaration(name, description, parameters);
    }

    public JsonObject ToJson(bool beta, string id, string model)
    {
        var turnDetection = TurnDetection == TurnDetectionKind.None ? null : new JsonObject
        {
            ["type"] = TurnDetection == TurnDetectionKind.ServerVad ? "server_vad" : "semantic_vad",
            ["threshold"] = Vad.Threshold,
            ["prefix_padding_ms"] = Vad.PrefixPaddingMs,
            ["silence_duration_ms"] = Vad.SilenceDurationMs,
            ["create_response"] = CreateResponse,
            ["interrupt_response"] = InterruptResponse,
            ["idle_timeout_ms"] = IdleTimeoutMs,
            ["eagerness"] = Eagerness,
        };
        var transcription = Transcribe ? new JsonObject { ["model"] = "pocketsphinx-en-us" } : null;
        if (beta)
        {
            return new JsonObject
            {
                ["id"] = id, ["object"] = "realtime.session", ["model"] = model,
                ["modalities"] = OutputModalities.Contains("audio") ? new JsonArray("text", "audio") : new JsonArray("text"),
                ["instructions"] = Instructions, ["voice"] = Voice,
                ["input_audio_format"] = InputFormat.BetaName(), ["output_audio_format"] = OutputFormat.BetaName(),
                ["input_audio_transcription"] = transcription, ["turn_detection"] = turnDetection,
                ["tools"] = ToolsJson(), ["tool_choice"] = ToolChoice, ["temperature"] = Temperature ?? 0.8f,
                ["max_response_output_tokens"] = MaxOutputTokens is { } m ? m : "inf",
            };
        }
        return new JsonObject
        {
            ["type"] = "realtime", ["object"] = "realtime.session", ["id"] = id, ["model"] = model,
            ["output_modalities"] = new JsonArray(OutputModalities.Select(m => (JsonNode)m).ToArray()),
            ["instructions"] = Instructions,
            ["audio"] = new JsonObject
            {
                ["input"] = new JsonObject
                {
                    ["format"] = new JsonObject { ["type"] = InputFormat.GaName(), ["rate"] = InputFormat.SampleRate() },
                    ["transcription"] = transcription, ["noise_reduction"] = null, ["turn_detection"] = turnDetection,
                },
                ["output"] = new JsonObject
                {
                    ["format"] = new JsonObject { ["type"] = OutputFormat.GaName(), ["rate"] = OutputFormat.SampleRate() },
                    ["voice"] = Voice, ["speed"] = Speed ?? 1f,
                },
            },
            ["tools"] = ToolsJson(), ["tool_choice"] = ToolChoice,
            ["max_output_tokens"] = MaxOutputTokens is { } max ? max : "inf",
            ["omnia"] = Translation is { } t ? new JsonObject { ["translate"] = new JsonObject { ["from"] = t.From, ["to"] = t.To, ["engine"] = t.Engine } } : null,
        };
    }

    private JsonArray ToolsJson() => new(Tools.Select(t => (JsonNode)new JsonObject
    {
        ["type"] = "function", ["name"] = t.Name, ["description"] = t.Description,
        ["parameters"] = JsonNode.Parse(t.JsonSchema.GetRawText()),
    }).ToArray());
}
