namespace Omnia.Voice.Conversation;

public sealed partial class VoiceConversation
{
    /// <summary>When the last answer's audio ends playing at the client (it plays from its first delta on, in real time).</summary>
    private long _playbackEndsAt;

    /// <summary>
    /// The idle timeout, as OpenAI's <c>idle_timeout_ms</c>: while the conversation waits for the user (turn detection
    /// on, nobody speaking, no answer under way), the assistant is prompted to speak again once the timeout has passed
    /// after the last answer's audio finished playing. Called after every command; the wait starts at the change into
    /// waiting, so the audio that keeps arriving meanwhile does not restart it.
    /// </summary>
    private void WatchForIdleUser()
    {
        var waiting = _options.TurnDetection.IdleTimeoutMs is not null && _turns.IsActive && !_turns.UserIsSpeaking && _response is null;
        if (!waiting)
        {
            _idle.Disarm();
            return;
        }
        if (_idle.IsArmed) return;
        var playing = _playbackEndsAt > 0 ? _time.GetElapsedTime(_time.GetTimestamp(), _playbackEndsAt) : TimeSpan.Zero;
        _idle.Arm(TimeSpan.FromMilliseconds(_options.TurnDetection.IdleTimeoutMs!.Value) + (playing > TimeSpan.Zero ? playing : TimeSpan.Zero), _input.AudioMs);
    }

    private void OnIdleElapsed(IdleElapsed elapsed)
    {
        if (!_idle.Take(elapsed)) return;
        Emit(new IdleTimeoutFrame(_idle.SinceAudioMs, _input.AudioMs, NewId("item_")));
        StartResponseOrReport(trace: null);
    }

    /// <summary>Remembers when a finished answer's audio stops playing, for the next idle wait.</summary>
    private void NotePlayback(ActiveResponse response)
    {
        _playbackEndsAt = response.FirstAudioAt is { } first ? first + (long)(response.AudioMs / 1000 * _time.TimestampFrequency) : 0;
    }
}
