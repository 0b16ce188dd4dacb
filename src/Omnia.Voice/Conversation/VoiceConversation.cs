using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using Omnia.Chat;
using Omnia.Voice.Recognition;

namespace Omnia.Voice.Conversation;

/// <summary>
/// One spoken conversation, free of any transport: commands in (<see cref="SendAsync"/>), frames out
/// (<see cref="Frames"/>). One loop (<see cref="RunAsync"/>) owns all its state — the items, the input audio, the turn
/// detector, the live transcript, the response in progress — and handles the caller's commands and its own tasks'
/// results one at a time, in order, from one bounded queue. Recognition, generation and speech run on tasks that
/// only produce; nothing they do touches the state, and nothing runs unobserved: every task is awaited when the
/// conversation ends, and every failure comes out as an <see cref="ErrorFrame"/>.
/// </summary>
/// <remarks>
/// <see cref="SendAsync"/> may be called from any thread; frames come out in order to a single reader, who must keep
/// reading (the loop waits for room, and so, through the queue, do the commands).
/// </remarks>
public sealed partial class VoiceConversation : IAsyncDisposable
{
    private const int InboxCapacity = 256;
    private const int FrameCapacity = 1024;
    private const string ObserverFailed = "observer_failed";

    private readonly Channel<VoiceCommand> _inbox = Channel.CreateBounded<VoiceCommand>(new BoundedChannelOptions(InboxCapacity) { SingleReader = true });
    private readonly Channel<VoiceFrame> _frames = Channel.CreateBounded<VoiceFrame>(new BoundedChannelOptions(FrameCapacity) { SingleReader = true, SingleWriter = true });
    private readonly List<VoiceFrame> _pending = [];
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly VoiceConversationEngines _engines;
    private readonly TimeProvider _time;
    private readonly string _conversationId;
    private readonly ConversationItems _items;
    private readonly InputAudioBuffer _input;
    private readonly TurnDetector _turns;
    private readonly TruncatingChatClient _chat;
    private readonly TranscriptPrefill? _prefill;
    private readonly HeardWordsJob<Omnia.Turns.EndOfTurnInput>? _smartTurn;
    private readonly HeardWordsJob<Omnia.Turns.EndOfTurnInput>? _ngram;
    private readonly UserIdleTimer _idle;
    private VoiceConversationOptions _options;

    /// <summary>The current utterance's recognition, from its first word.</summary>
    private LiveTranscriber? _transcriber;

    /// <summary>1 while a <see cref="HeardMore"/> waits in the inbox.</summary>
    private int _heardMorePending;

    /// <summary>The item id the current utterance will have, announced when it started.</summary>
    private string? _speechItemId;

    /// <summary>Where the current utterance's audio begins (prefix padding included).</summary>
    private long _utteranceStartMs;

    /// <summary>Speech over the assistant's voice, not yet known to be an interruption.</summary>
    private HeldSpeech? _heldSpeech;

    private ActiveResponse? _response;

    /// <summary>An answer started at the first silent frame, waiting for the turn decision.</summary>
    private (ActiveResponse Response, long PausedAtMs)? _speculation;

    /// <summary>Creates a conversation; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="conversationId">The chat engine keeps the conversation's prompt cache under this id until it ends.</param>
    public VoiceConversation(VoiceConversationEngines engines, VoiceConversationOptions options, string conversationId)
    {
        _engines = engines;
        _time = engines.Time;
        _conversationId = conversationId;
        _items = new ConversationItems(() => _options!.Limits);
        _input = new InputAudioBuffer(_time);
        _turns = new TurnDetector(engines.VoiceActivity);
        _idle = new UserIdleTimer(_time, elapsed => _inbox.Writer.TryWrite(elapsed));
        _chat = new TruncatingChatClient(engines.Chat, () => _options!.Truncation);
        if (_chat.GetService<IPromptPrefiller>() is { } prefiller) _prefill = new TranscriptPrefill(prefiller, engines.Logger, SignalHeardMore);
        if (engines.SmartTurn is { } smartTurn) _smartTurn = TurnModelScore.For(smartTurn, engines.Logger, SignalHeardMore);
        if (engines.NGram is { } ngram) _ngram = TurnModelScore.For(ngram, engines.Logger, SignalHeardMore);
        // Without a voice activity model the conversation starts with manual commits rather than refusing to start.
        if (engines.VoiceActivity is null) options = options with { TurnDetection = options.TurnDetection with { Kind = TurnDetectionKind.None } };
        _options = options;
        _turns.Configure(options.TurnDetection, 0);
    }

    /// <summary>What the conversation says, in order; completes when the conversation has ended.</summary>
    public ChannelReader<VoiceFrame> Frames => _frames.Reader;

    /// <summary>Queues a command; waits while the queue is full.</summary>
    public ValueTask SendAsync(VoiceCommand command, CancellationToken cancellationToken = default) => _inbox.Writer.WriteAsync(command, cancellationToken);

    /// <summary>Ends the conversation once the commands sent so far are handled.</summary>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => _inbox.Writer.WriteAsync(new CloseConversation(), cancellationToken);

    /// <summary>
    /// The loop: handles commands until <see cref="CloseAsync"/> or <paramref name="cancellationToken"/>, then cancels
    /// the response in progress, waits for every task it started, and completes <see cref="Frames"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            WatchForIdleUser();
            await foreach (var command in _inbox.Reader.ReadAllAsync(cancellationToken))
            {
                if (command is CloseConversation) break;
                await HandleAsync(command);
                WatchForIdleUser();
                await FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away: no one reads the frames any more.
        }
        finally
        {
            await EndAsync();
        }
    }

    private async Task HandleAsync(VoiceCommand command)
    {
        try
        {
            switch (command)
            {
                case AppendAudio append:
                    await AppendAudioAsync(append.Samples);
                    break;
                case CommitAudio:
                    await CommitAsync(manual: true, audioEndMs: null);
                    break;
                case ClearAudio:
                    await ClearAudioAsync();
                    break;
                case CreateItem create:
                    if (create.Item.Kind == ItemKind.ToolApprovalResponse) CheckAnswers(create.Item);
                    var previous = _items.AddFromClient(create.Item, create.PreviousItemId);
                    Emit(new ItemAddedFrame(create.Item, previous));
                    Emit(new ItemDoneFrame(create.Item, previous));
                    break;
                case RetrieveItem retrieve:
                    Emit(new ItemRetrievedFrame(_items.Get(retrieve.ItemId)));
                    break;
                case DeleteItem delete:
                    var deleted = _items.Get(delete.ItemId);
                    _items.Remove(deleted);
                    Emit(new ItemDeletedFrame(deleted.Id));
                    break;
                case TruncateItem truncate:
                    Truncate(truncate);
                    break;
                case CreateResponse create:
                    StartResponse(create.Options ?? _options.Response, trace: null);
                    break;
                case CancelResponse:
                    if (!CancelActiveResponse(CancelReason.ClientCancelled))
                        throw new ConversationException("response_cancel_not_active", "There is no response in progress to cancel.");
                    break;
                case UpdateOptions update:
                    UpdateOptions(update.Options);
                    break;
                case UpdateServerTools tools:
                    _options = _options with { Response = _options.Response with { ServerTools = tools.Tools } };
                    break;
                case ResponseProgress progress:
                    Deliver(progress);
                    break;
                case TranscriptReady ready:
                    FinishUserTurn(ready);
                    break;
                case IdleElapsed elapsed:
                    OnIdleElapsed(elapsed);
                    break;
                case HeardMore:
                    Interlocked.Exchange(ref _heardMorePending, 0);
                    await DecideBySenseAsync();
                    break;
            }
        }
        catch (ConversationException e)
        {
            Emit(new ErrorFrame(e.ToError(), command.CorrelationId));
        }
        catch (Exception e)
        {
            // No command may end the conversation: a failure nobody foresaw is reported, and the conversation goes on.
            Emit(new ErrorFrame(new ConversationError(ConversationErrorKind.Server, "event_failed", $"The server failed to handle a {command.GetType().Name} command."),
                command.CorrelationId, e));
        }
    }

    private void UpdateOptions(VoiceConversationOptions options)
    {
        // A new timeout starts a new wait.
        if (options.TurnDetection.IdleTimeoutMs != _options.TurnDetection.IdleTimeoutMs) _idle.Disarm();
        _turns.Configure(options.TurnDetection, _input.AudioMs);
        // The server tools stay: only UpdateServerTools changes them (they come when a listing ends, not with the client's settings).
        _options = options with { Response = options.Response with { ServerTools = _options.Response.ServerTools } };
        Emit(new OptionsUpdatedFrame(options));
    }

    private void Truncate(TruncateItem truncate)
    {
        var item = _items.Get(truncate.ItemId);
        if (item.Role != ItemRole.Assistant || !item.IsAudio)
            throw new ConversationException("invalid_value", $"Item '{truncate.ItemId}' is not an assistant audio message.", "item_id");
        if (truncate.ContentIndex != 0)
            throw new ConversationException("invalid_value", "content_index must be 0.", "content_index");
        if (truncate.AudioEndMs < 0 || truncate.AudioEndMs > item.AudioMs + 1)
            throw new ConversationException("invalid_value", $"audio_end_ms ({truncate.AudioEndMs}) is past the item's audio ({item.AudioMs:0} ms).", "audio_end_ms");
        _items.Replace(item.Truncated(truncate.AudioEndMs));
        Emit(new ItemTruncatedFrame(item.Id, 0, truncate.AudioEndMs));
    }

    /// <summary>Queues a frame; the loop writes it out after the command that caused it.</summary>
    private void Emit(VoiceFrame frame) => _pending.Add(frame with { Timestamp = _time.GetTimestamp() });

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _pending.Count; i++)
        {
            Observe(_pending[i]);
            await _frames.Writer.WriteAsync(_pending[i], cancellationToken);
        }
        _pending.Clear();
    }

    private void Observe(VoiceFrame frame)
    {
        foreach (var observer in _engines.Observers)
        {
            try
            {
                observer.OnFrame(frame);
            }
            catch (Exception e)
            {
                // Watching must not stop the conversation: the failure goes out after the frame, as any other (once:
                // an observer that fails on its own failure's frame is not reported again).
                if (frame is ErrorFrame { Error.Code: ObserverFailed }) continue;
                Emit(new ErrorFrame(new ConversationError(ConversationErrorKind.Server, ObserverFailed, $"{observer.GetType().Name} failed: {e.Message}"), Cause: e));
            }
        }
    }

    /// <summary>Runs one of the conversation's tasks; it hands its results back through the inbox and is awaited at the end.</summary>
    private void Start(Func<Task> work)
    {
        _tasks.RemoveAll(t => t.IsCompleted);
        _tasks.Add(Task.Run(work, CancellationToken.None));
    }

    /// <summary>Hands a task's result to the loop; after the loop has ended there is no one to hand it to.</summary>
    private async Task PostAsync(LoopMessage message)
    {
        try
        {
            await _inbox.Writer.WriteAsync(message, CancellationToken.None);
        }
        catch (ChannelClosedException)
        {
        }
    }

    private async Task EndAsync()
    {
        try
        {
            CancelActiveResponse(CancelReason.ClientDisconnected);
            _idle.Dispose();
            await _closing.CancelAsync();
            // Tasks waiting for room in the inbox are let go: nothing reads it any more.
            _inbox.Writer.TryComplete();
            await Task.WhenAll(_tasks);
            if (_prefill is not null) await _prefill.DisposeAsync();
            if (_smartTurn is not null) await _smartTurn.DisposeAsync();
            if (_ngram is not null) await _ngram.DisposeAsync();
            await DisposeTranscriberAsync();
            _engines.Chat.GetService<IConversationCache>()?.EndConversation(_conversationId);
            _turns.Dispose();
        }
        finally
        {
            // The reader's loop ends with the frames, whatever happened here.
            _frames.Writer.TryComplete();
        }
    }

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    /// <summary>Call after <see cref="RunAsync"/> has returned (or when it never ran).</summary>
    public async ValueTask DisposeAsync()
    {
        // RunAsync has cleaned up; a conversation that never ran has nothing to clean but its token.
        _inbox.Writer.TryComplete();
        await Task.WhenAll(_tasks);
        _closing.Dispose();
    }
}
