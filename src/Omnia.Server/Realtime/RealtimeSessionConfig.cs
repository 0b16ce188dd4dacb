using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI;
using Omnia.Server.OpenAI.Responses;
using Omnia.Server.OpenAI.Responses.Mcp;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Vad;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>A realtime session's settings, read from <c>session.update</c> in the GA shape or the older beta (flat) shape.</summary>
internal sealed class RealtimeSessionConfig
{
    public List<string> OutputModalities { get; set; } = ["audio"];
    public string Instructions { get; set; } = "You are a helpful, friendly voice assistant. Answer briefly.";
    public string Voice { get; set; } = "alloy";
    public float? Speed { get; set; }
    public VoiceAudioFormat InputFormat { get; set; } = VoiceAudioFormat.Pcm16;
    public VoiceAudioFormat OutputFormat { get; set; } = VoiceAudioFormat.Pcm16;
    public bool Transcribe { get; set; } = true;
    public TurnDetectionKind TurnDetection { get; set; } = TurnDetectionKind.ServerVad;
    public VoiceActivityOptions Vad { get; set; } = new() { Threshold = 0.5f, PrefixPaddingMs = 300, SilenceDurationMs = 500 };
    public bool CreateResponse { get; set; } = true;
    public bool InterruptResponse { get; set; } = true;
    public int? IdleTimeoutMs { get; set; }
    public string Eagerness { get; set; } = "auto";
    public List<AIFunctionDeclaration> Tools { get; set; } = [];

    /// <summary>The <c>{"type": "mcp"}</c> tools: remote MCP servers whose tools the server lists and calls itself.</summary>
    public List<McpServerSpec> McpServers { get; set; } = [];

    /// <summary>Remote MCP servers one session may name: each is a connection the server holds for the session.</summary>
    public const int MaxMcpServers = 16;
    public string ToolChoice { get; set; } = "auto";

    /// <summary>What happens when the conversation outgrows the model's context (<c>truncation</c>).</summary>
    public ConversationTruncation Truncation { get; set; } = ConversationTruncation.Auto;
    public int? MaxOutputTokens { get; set; }
    public float? Temperature { get; set; }

    /// <summary>Omnia's <c>session.omnia.input_audio</c>: how a chat model with its own audio encoder gets the user's speech.</summary>
    public AudioInputPath AudioInput { get; set; } = AudioInputPath.Auto;

    /// <summary>Omnia's <c>session.omnia.end_of_turn</c>: what semantic_vad reads (the server's <c>--end-of-turn</c> by default).</summary>
    public EndOfTurnScoring EndOfTurn { get; set; } = EndOfTurnScoring.Auto;

    /// <summary>The live-translation preset: the session becomes an interpreter from one language to another.</summary>
    public TranslationPreset? Translation { get; set; }

    /// <summary>
    /// Applies a <c>session</c> object; throws <see cref="RealtimeProtocolException"/> naming the bad field, and then
    /// nothing of the update has been applied.
    /// </summary>
    public void Apply(JsonObject session, bool beta)
    {
        // Every field is read into a copy first: applying is idempotent, so a copy that takes the whole update proves
        // this one will too.
        ((RealtimeSessionConfig)MemberwiseClone()).ApplyFields(session, beta);
        ApplyFields(session, beta);
    }

    /// <summary>A copy that later updates leave alone (an update replaces fields, never changes their objects).</summary>
    public RealtimeSessionConfig Snapshot() => (RealtimeSessionConfig)MemberwiseClone();

    private void ApplyFields(JsonObject session, bool beta)
    {
        Instructions = SessionFields.Text(session, "instructions", "session.instructions") ?? Instructions;
        Temperature = SessionFields.Number(session, "temperature", "session.temperature") ?? Temperature;
        var maxKey = session.ContainsKey("max_output_tokens") ? "max_output_tokens" : "max_response_output_tokens";
        if (session[maxKey] is { } max) MaxOutputTokens = MaxTokens(max, "session." + maxKey);
        var modalitiesKey = session.ContainsKey("output_modalities") ? "output_modalities" : "modalities";
        if (SessionFields.Array(session, modalitiesKey, "session." + modalitiesKey) is { } modalities)
        {
            var values = modalities.Select(m => m is JsonValue v && v.TryGetValue<string>(out var text) ? text : "").ToList();
            if (values.Count == 0 || values.Any(m => m is not ("text" or "audio")))
                throw new RealtimeProtocolException("invalid_value", "output_modalities must be [\"audio\"] or [\"text\"].", "session.output_modalities");
            // GA answers in one modality; audio includes its transcript. Beta's ["text","audio"] means audio.
            OutputModalities = values.Contains("audio") ? ["audio"] : ["text"];
        }
        if (SessionFields.Array(session, "tools", "session.tools") is { } tools) ApplyTools(tools);
        if (session["tool_choice"] is JsonObject)
            throw new RealtimeProtocolException("invalid_value", "tool_choice must be 'auto', 'none' or 'required'; naming one function is not supported.", "session.tool_choice");
        if (SessionFields.Text(session, "tool_choice", "session.tool_choice") is { } choice)
        {
            if (choice is not ("auto" or "none" or "required"))
                throw new RealtimeProtocolException("invalid_value", "tool_choice must be 'auto', 'none' or 'required'.", "session.tool_choice");
            ToolChoice = choice;
        }
        if (session.ContainsKey("truncation")) Truncation = ParseTruncation(session["truncation"]);
        if (SessionFields.Object(session, "omnia", "session.omnia") is { } omnia)
        {
            if (SessionFields.Object(omnia, "translate", "session.omnia.translate") is { } translate) ApplyTranslation(translate);
            if (SessionFields.Text(omnia, "input_audio", "session.omnia.input_audio") is { } path)
            {
                AudioInput = path switch
                {
                    "auto" => AudioInputPath.Auto,
                    "native" => AudioInputPath.Native,
                    "transcript" => AudioInputPath.Transcript,
                    _ => throw new RealtimeProtocolException("invalid_value", "omnia.input_audio must be 'auto', 'native' or 'transcript'.", "session.omnia.input_audio"),
                };
            }
            if (SessionFields.Text(omnia, "end_of_turn", "session.omnia.end_of_turn") is { } scoring)
            {
                EndOfTurn = scoring switch
                {
                    "auto" => EndOfTurnScoring.Auto,
                    "chat_model" => EndOfTurnScoring.ChatModel,
                    "smart_turn" => EndOfTurnScoring.SmartTurn,
                    "ngram" => EndOfTurnScoring.NGram,
                    "words" => EndOfTurnScoring.Words,
                    _ => throw new RealtimeProtocolException("invalid_value",
                        "omnia.end_of_turn must be 'auto', 'chat_model', 'smart_turn', 'ngram' or 'words'.", "session.omnia.end_of_turn"),
                };
            }
        }

        if (beta)
        {
            Voice = SessionFields.Text(session, "voice", "session.voice") ?? Voice;
            if (SessionFields.Text(session, "input_audio_format", "session.input_audio_format") is { } input) InputFormat = Format(input, "session.input_audio_format");
            if (SessionFields.Text(session, "output_audio_format", "session.output_audio_format") is { } output) OutputFormat = Format(output, "session.output_audio_format");
            if (session.ContainsKey("input_audio_transcription"))
                Transcribe = SessionFields.Object(session, "input_audio_transcription", "session.input_audio_transcription") is not null;
            if (session.ContainsKey("turn_detection"))
                ApplyTurnDetection(SessionFields.Object(session, "turn_detection", "session.turn_detection"), "session.turn_detection");
            return;
        }

        if (SessionFields.Object(session, "audio", "session.audio") is { } audio)
        {
            if (SessionFields.Object(audio, "input", "session.audio.input") is { } input)
            {
                if (SessionFields.Object(input, "format", "session.audio.input.format") is { } format)
                    InputFormat = Format(SessionFields.Text(format, "type", "session.audio.input.format.type"), "session.audio.input.format");
                if (input.ContainsKey("transcription"))
                    Transcribe = SessionFields.Object(input, "transcription", "session.audio.input.transcription") is not null;
                if (input.ContainsKey("turn_detection"))
                    ApplyTurnDetection(SessionFields.Object(input, "turn_detection", "session.audio.input.turn_detection"), "session.audio.input.turn_detection");
            }
            if (SessionFields.Object(audio, "output", "session.audio.output") is { } output)
            {
                if (SessionFields.Object(output, "format", "session.audio.output.format") is { } format)
                    OutputFormat = Format(SessionFields.Text(format, "type", "session.audio.output.format.type"), "session.audio.output.format");
                Voice = SessionFields.Text(output, "voice", "session.audio.output.voice") ?? Voice;
                if (SessionFields.Number(output, "speed", "session.audio.output.speed") is { } speed)
                {
                    if (speed is < 0.25f or > 1.5f) throw new RealtimeProtocolException("invalid_value", "speed must be between 0.25 and 1.5.", "session.audio.output.speed");
                    Speed = speed;
                }
            }
        }
    }

    /// <summary><c>"inf"</c> or a positive integer.</summary>
    private static int? MaxTokens(JsonNode value, string param) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) && text == "inf" => null,
        JsonValue v when v.TryGetValue<int>(out var n) && n >= 1 => n,
        _ => throw new RealtimeProtocolException("invalid_value", $"'{param}' must be a positive integer or \"inf\".", param),
    };

    /// <summary>
    /// Turns the session into an interpreter: <c>{"omnia":{"translate":{"from":"en","to":"es","engine":"apertium"}}}</c>
    /// (engine <c>apertium</c> translates offline with Debian's rule-based pairs; <c>llm</c> asks the chat model). The
    /// voice becomes the target language's unless one is given in the same update.
    /// </summary>
    public void ApplyTranslation(JsonObject translate)
    {
        var from = SessionFields.Text(translate, "from", "session.omnia.translate.from") ?? throw new RealtimeProtocolException("missing_required_parameter", "The translate preset needs 'from'.", "session.omnia.translate.from");
        var to = SessionFields.Text(translate, "to", "session.omnia.translate.to") ?? throw new RealtimeProtocolException("missing_required_parameter", "The translate preset needs 'to'.", "session.omnia.translate.to");
        var engine = SessionFields.Text(translate, "engine", "session.omnia.translate.engine") ?? "apertium";
        if (engine is not ("apertium" or "llm"))
            throw new RealtimeProtocolException("invalid_value", "The translate preset's engine is 'apertium' or 'llm'.", "session.omnia.translate.engine");
        Translation = new TranslationPreset(from, to, engine == "llm" ? TranslationEngine.Llm : TranslationEngine.Apertium);
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
        TurnDetection = SessionFields.Text(detection, "type", param + ".type") switch
        {
            "server_vad" => TurnDetectionKind.ServerVad,
            "semantic_vad" => TurnDetectionKind.SemanticVad,
            var other => throw new RealtimeProtocolException("invalid_value", $"Unknown turn_detection type '{other}': server_vad, semantic_vad or null.", param + ".type"),
        };
        try
        {
            Vad = new VoiceActivityOptions
            {
                Threshold = SessionFields.Number(detection, "threshold", param + ".threshold") ?? Vad.Threshold,
                PrefixPaddingMs = SessionFields.Integer(detection, "prefix_padding_ms", param + ".prefix_padding_ms") ?? Vad.PrefixPaddingMs,
                SilenceDurationMs = SessionFields.Integer(detection, "silence_duration_ms", param + ".silence_duration_ms") ?? Vad.SilenceDurationMs,
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RealtimeProtocolException("invalid_value", e.Message.Split(" (Parameter")[0], param);
        }
        CreateResponse = SessionFields.Flag(detection, "create_response", param + ".create_response") ?? CreateResponse;
        InterruptResponse = SessionFields.Flag(detection, "interrupt_response", param + ".interrupt_response") ?? InterruptResponse;
        IdleTimeoutMs = SessionFields.Integer(detection, "idle_timeout_ms", param + ".idle_timeout_ms") ?? IdleTimeoutMs;
        if (SessionFields.Text(detection, "eagerness", param + ".eagerness") is { } eagerness)
        {
            if (eagerness is not ("low" or "medium" or "high" or "auto"))
                throw new RealtimeProtocolException("invalid_value", "eagerness must be low, medium, high or auto.", param + ".eagerness");
            Eagerness = eagerness;
        }
    }

    private static VoiceAudioFormat Format(string? name, string param) =>
        RealtimeAudioFormats.Parse(name) ?? throw new RealtimeProtocolException("invalid_value", $"Unsupported audio format '{name}': audio/pcm (pcm16, 24 kHz), audio/pcmu (g711_ulaw) or audio/pcma (g711_alaw).", param);

    /// <summary><c>tools</c>: functions (the client runs them) and remote MCP servers (the server does); names must not repeat.</summary>
    private void ApplyTools(JsonArray tools)
    {
        List<AIFunctionDeclaration> functions = [];
        List<McpServerSpec> servers = [];
        for (var i = 0; i < tools.Count; i++)
        {
            var param = $"session.tools[{i}]";
            if (tools[i] is JsonObject definition && SessionFields.Text(definition, "type", param + ".type") == "mcp")
            {
                var server = ParseMcpTool(definition, param);
                if (servers.Any(s => s.Label == server.Label))
                    throw new RealtimeProtocolException("invalid_value", $"Two MCP tools have the server_label '{server.Label}'; each needs its own.", param + ".server_label");
                servers.Add(server);
                continue;
            }
            var function = ParseTool(tools[i], param);
            if (functions.Any(f => f.Name == function.Name))
                throw new RealtimeProtocolException("invalid_value", $"Two tools are named '{function.Name}'.", param + ".name");
            functions.Add(function);
        }
        if (servers.Count > MaxMcpServers)
            throw new RealtimeProtocolException("invalid_value", $"A session may name at most {MaxMcpServers} MCP servers.", "session.tools");
        Tools = functions;
        McpServers = servers;
    }

    /// <summary>An <c>mcp</c> tool, read as <c>/v1/responses</c> reads one (the same fields, checks and bounds).</summary>
    private static McpServerSpec ParseMcpTool(JsonObject definition, string param)
    {
        try
        {
            var tool = definition.Deserialize<ResponseToolDto>(OpenAIJson.Options)!;
            return McpServerSpecReader.Read(tool, param);
        }
        catch (JsonException e)
        {
            throw new RealtimeProtocolException("invalid_type", $"'{param}' has a field of the wrong type: {e.Path?.TrimStart('$', '.')}.", param);
        }
        catch (ApiException e)
        {
            throw new RealtimeProtocolException(e.Code ?? "invalid_value", e.Message, e.Param);
        }
    }

    private static AIFunctionDeclaration ParseTool(JsonNode? tool, string param)
    {
        if (tool is not JsonObject definition) throw SessionFields.WrongType(param, "an object");
        if (SessionFields.Text(definition, "type", param + ".type") is { } type && type != "function")
            throw new RealtimeProtocolException("invalid_value", $"Unsupported tool type '{type}': 'function' or 'mcp'.", param + ".type");
        var function = SessionFields.Object(definition, "function", param + ".function");
        var name = SessionFields.Text(definition, "name", param + ".name") ?? (function is null ? null : SessionFields.Text(function, "name", param + ".function.name"))
            ?? throw new RealtimeProtocolException("missing_required_parameter", "Each tool needs a name.", param + ".name");
        var description = SessionFields.Text(definition, "description", param + ".description");
        var parameters = SessionFields.Object(definition, "parameters", param + ".parameters") is { } p
            ? JsonSerializer.Deserialize<JsonElement>(p.ToJsonString())
            : JsonSerializer.Deserialize<JsonElement>("""{"type":"object","properties":{}}""");
        return AIFunctionFactory.CreateDeclaration(name, description, parameters);
    }

    /// <summary>The settings as <c>session.created</c> and <c>session.updated</c> show them, in the client's shape.</summary>
    public RealtimeSessionResource ToResource(bool beta, string id, string model)
    {
        var turnDetection = TurnDetection == TurnDetectionKind.None ? null : new SessionTurnDetection(
            TurnDetection == TurnDetectionKind.ServerVad ? "server_vad" : "semantic_vad",
            Vad.Threshold, Vad.PrefixPaddingMs, Vad.SilenceDurationMs, CreateResponse, InterruptResponse, IdleTimeoutMs, Eagerness);
        var transcription = Transcribe ? new SessionTranscription("pocketsphinx-en-us") : null;
        var tools = Tools.Select(t => SessionTool.Function(t.Name, t.Description, t.JsonSchema))
            .Concat(McpServers.Select(s => new SessionTool("mcp")
            {
                ServerLabel = s.Label,
                ServerUrl = s.Url.ToString(),
                AllowedTools = s.AllowedTools?.Order(StringComparer.Ordinal).ToList(),
                RequireApproval = ApprovalOf(s.Approval),
            })).ToList();
        if (beta)
        {
            return new BetaSessionResource(id, model, Instructions)
            {
                Modalities = OutputModalities.Contains("audio") ? ["text", "audio"] : ["text"],
                Voice = Voice,
                InputAudioFormat = InputFormat.BetaName(),
                OutputAudioFormat = OutputFormat.BetaName(),
                InputAudioTranscription = transcription,
                TurnDetection = turnDetection,
                Tools = tools,
                ToolChoice = ToolChoice,
                Temperature = Temperature ?? 0.8f,
                MaxResponseOutputTokens = MaxOutputTokens,
            };
        }
        return new GaSessionResource(id, model, Instructions)
        {
            OutputModalities = OutputModalities,
            Audio = new SessionAudio(
                new SessionAudioInput(new WireAudioFormat(InputFormat.GaName(), InputFormat.SampleRate()), transcription, turnDetection),
                new SessionAudioOutput(new WireAudioFormat(OutputFormat.GaName(), OutputFormat.SampleRate()), Voice, Speed ?? 1f)),
            Tools = tools,
            ToolChoice = ToolChoice,
            MaxOutputTokens = MaxOutputTokens,
            Truncation = Truncation,
            Omnia = Translation is { } t
                ? new SessionOmnia(new SessionTranslate(t.From, t.To, t.Engine == TranslationEngine.Llm ? "llm" : "apertium"))
                : null,
        };
    }

    /// <summary><c>require_approval</c> as the client would write it for this policy.</summary>
    private static JsonElement ApprovalOf(McpApprovalPolicy policy)
    {
        if (policy.Never.Count == 0 && policy.Always.Count == 0) return JsonSerializer.SerializeToElement(policy.ByDefault ? "always" : "never");
        var filter = new JsonObject();
        if (policy.Never.Count > 0) filter["never"] = new JsonObject { ["tool_names"] = new JsonArray([.. policy.Never.Order(StringComparer.Ordinal).Select(n => JsonValue.Create(n))]) };
        if (policy.Always.Count > 0) filter["always"] = new JsonObject { ["tool_names"] = new JsonArray([.. policy.Always.Order(StringComparer.Ordinal).Select(n => JsonValue.Create(n))]) };
        return JsonSerializer.SerializeToElement(filter);
    }

    /// <summary><c>"auto"</c>, <c>"disabled"</c>, or <c>{"type": "retention_ratio", "retention_ratio": r}</c> with r in (0, 1].</summary>
    private static ConversationTruncation ParseTruncation(JsonNode? value)
    {
        const string Param = "session.truncation";
        if (value is JsonValue text && text.TryGetValue<string>(out var name))
        {
            return name switch
            {
                "auto" => ConversationTruncation.Auto,
                "disabled" => ConversationTruncation.Disabled,
                _ => throw new RealtimeProtocolException("invalid_value", "truncation must be 'auto', 'disabled' or a retention_ratio object.", Param),
            };
        }
        if (value is not JsonObject ratio)
            throw new RealtimeProtocolException("invalid_type", "truncation must be a string or an object.", Param);
        if (SessionFields.Text(ratio, "type", Param + ".type") != "retention_ratio")
            throw new RealtimeProtocolException("invalid_value", "truncation.type must be 'retention_ratio'.", Param + ".type");
        var retained = SessionFields.Number(ratio, "retention_ratio", Param + ".retention_ratio");
        if (retained is not (> 0 and <= 1))
            throw new RealtimeProtocolException("invalid_value", "truncation.retention_ratio must be greater than 0 and at most 1.", Param + ".retention_ratio");
        return new ConversationTruncation(retained.Value);
    }

    /// <summary>The settings as the conversation takes them.</summary>
    /// <param name="mcp">The bounds on remote MCP tools: how many rounds of calls one response may make.</param>
    public VoiceConversationOptions ToConversationOptions(RealtimeLimits limits, McpOptions mcp) => new()
    {
        Response = RealtimeResponseOptions.From(this, null),
        TurnDetection = new TurnDetectionOptions
        {
            Kind = TurnDetection,
            Vad = Vad,
            CreateResponse = CreateResponse,
            InterruptResponse = InterruptResponse,
            IdleTimeoutMs = IdleTimeoutMs,
            Scoring = EndOfTurn,
            Eagerness = Eagerness switch
            {
                "low" => TurnEagerness.Low,
                "medium" => TurnEagerness.Medium,
                "high" => TurnEagerness.High,
                _ => TurnEagerness.Auto,
            },
        },
        Transcribe = Transcribe,
        AudioInput = AudioInput,
        Truncation = Truncation,
        Limits = new ConversationLimits
        {
            MaxBufferedAudioSeconds = limits.MaxBufferedAudioSeconds,
            MaxItems = limits.MaxItems,
            MaxItemChars = limits.MaxItemChars,
            MaxConversationBytes = limits.MaxConversationBytes,
            MaxToolRounds = mcp.MaxToolRounds,
        },
    };
}
