using Microsoft.Extensions.Time.Testing;
using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// Runs one <see cref="VoiceConversation"/> over scripted engines and a fake clock, and reads its frames in order.
/// Reads wait for the conversation's own tasks, never for time: a generous real-time guard only turns a hang into
/// a failure.
/// </summary>
internal sealed class ConversationDriver : IAsyncDisposable
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);
    private readonly Task _running;
    private readonly List<VoiceFrame> _seen = [];

    public ConversationDriver(VoiceConversationOptions? options = null, bool speech = true, RecordingPrefillerFake? prefiller = null, bool voiceActivity = true,
        IVoiceFrameObserver? observer = null, Exception? speechFailure = null, Omnia.Turns.IEndOfTurnModel? smartTurn = null, Omnia.Turns.IEndOfTurnModel? ngram = null,
        bool chatSeesImages = false, bool chatHearsAudio = false)
    {
        Chat = new ScriptedChatClientFake(Time) { Prefiller = prefiller };
        var engines = new VoiceConversationEngines(Chat, new PlainFunctionArgumentsFake())
        {
            Recognition = Recognizer,
            VoiceActivity = voiceActivity ? new LoudnessVoiceActivityFake() : null,
            Speakers = speech ? Speakers = new SilentSpeakersFake(speechFailure) : null,
            Observers = observer is null ? [] : [observer],
            SmartTurn = smartTurn,
            NGram = ngram,
            ChatSeesImages = chatSeesImages,
            ChatHearsAudio = chatHearsAudio,
            Time = Time,
        };
        Conversation = new VoiceConversation(engines, options ?? TextOnly(), "conversation-1");
        _running = Conversation.RunAsync(CancellationToken.None);
    }

    public FakeTimeProvider Time { get; } = new();
    public ScriptedChatClientFake Chat { get; }
    public ScriptedRecognizerFake Recognizer { get; } = new();

    /// <summary>The voices, when the conversation has them.</summary>
    public SilentSpeakersFake? Speakers { get; private set; }
    public VoiceConversation Conversation { get; }

    /// <summary>Every frame read so far, in order.</summary>
    public IReadOnlyList<VoiceFrame> Seen => _seen;

    /// <summary>Server turn detection (500 ms of silence ends a turn), answers in text.</summary>
    public static VoiceConversationOptions TextOnly(TurnDetectionOptions? turns = null) => new()
    {
        Response = new ResponseOptions { Audio = false, Instructions = "Be brief." },
        TurnDetection = turns ?? new TurnDetectionOptions(),
    };

    public ValueTask SendAsync(VoiceCommand command) => Conversation.SendAsync(command);

    public ValueTask SendAudioAsync(float[] samples) => Conversation.SendAsync(new AppendAudio(samples));

    /// <summary>
    /// Waits until the conversation has handled everything sent so far: commands are handled in order, and retrieving
    /// an item that does not exist answers at once with an error naming the command.
    /// </summary>
    public async Task SettledAsync()
    {
        var barrier = "barrier_" + Guid.NewGuid().ToString("N");
        await SendAsync(new RetrieveItem(barrier) { CorrelationId = barrier });
        await NextAsync<ErrorFrame>(e => e.CorrelationId == barrier);
    }

    /// <summary>Reads frames until one of type <typeparamref name="T"/> (matching <paramref name="where"/>) arrives.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? where = null) where T : VoiceFrame
    {
        while (true)
        {
            var frame = await Conversation.Frames.ReadAsync().AsTask().WaitAsync(HangGuard);
            _seen.Add(frame);
            if (frame is T match && (where is null || where(match))) return match;
        }
    }

    /// <summary>Ends the conversation and reads the rest of its frames.</summary>
    public async Task<IReadOnlyList<VoiceFrame>> CloseAsync()
    {
        await Conversation.CloseAsync();
        var rest = new List<VoiceFrame>();
        await foreach (var frame in Conversation.Frames.ReadAllAsync().WithCancellation(CancellationToken.None))
        {
            _seen.Add(frame);
            rest.Add(frame);
        }
        await _running.WaitAsync(HangGuard);
        return rest;
    }

    /// <summary>The kinds of frame seen so far, by name, in order: what a test compares whole.</summary>
    public IReadOnlyList<string> Kinds(Func<VoiceFrame, bool>? where = null) =>
        _seen.Where(f => where?.Invoke(f) ?? true).Select(f => f.GetType().Name.Replace("Frame", "", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_running.IsCompleted) await CloseAsync();
        await Conversation.DisposeAsync();
    }
}
