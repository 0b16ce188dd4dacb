using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Omnia.Translation;
using Omnia.Vad;

namespace Omnia.Voice.Conversation;

/// <summary>The engines and policies one conversation uses, chosen when it opens.</summary>
public sealed record VoiceConversationEngines(IChatClient Chat, IFunctionArgumentsFormat FunctionArguments)
{
    /// <summary>The chat model has its own audio encoder: it hears the user's audio, and recognition only writes the transcript.</summary>
    public bool ChatHearsAudio { get; init; }

    /// <summary>The chat model sees pictures itself; for one that does not, the chat client's media cascade turns them into text.</summary>
    public bool ChatSeesImages { get; init; }

    /// <summary>The chat model's audio encoder runs on this machine's CPU (a local model), where it costs seconds a turn.</summary>
    public bool AudioEncoderOnCpu { get; init; }

    public ISpeechToTextClient? Recognition { get; init; }

    /// <summary>Without it, turns end only when the client commits.</summary>
    public IVoiceActivityModelFactory? VoiceActivity { get; init; }

    /// <summary>Without it, responses can only be text.</summary>
    public ISpeakerFactory? Speakers { get; init; }

    public ITextTranslator? Translator { get; init; }

    /// <summary>Smart Turn, when installed: semantic turn detection's audio model of turn ends.</summary>
    public Omnia.Turns.IEndOfTurnModel? SmartTurn { get; init; }

    /// <summary>An n-gram language model of sentence ends, when installed: semantic turn detection's offline text model.</summary>
    public Omnia.Turns.IEndOfTurnModel? NGram { get; init; }

    /// <summary>Rate limits; without it every response is admitted.</summary>
    public IResponseAdmission? Admission { get; init; }

    /// <summary>See every frame as it goes out.</summary>
    public IReadOnlyList<IVoiceFrameObserver> Observers { get; init; } = [];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>For failures no client hears of (a best-effort prefill); everything else becomes an error frame.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
