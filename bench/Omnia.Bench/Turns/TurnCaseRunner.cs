using Omnia.Bench.RealtimeConversation;
using OpenAI.Realtime;

namespace Omnia.Bench.Turns;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>
/// Plays one case into a fresh realtime session (so no case hears another's leftovers) and stamps what the server did
/// until <see cref="TurnTally.TurnWindowMs"/> after the case's end of speech. Over-answer and interruption cases are
/// played once an answer the bench asked for (<c>response.create</c>) has started sending audio.
/// </summary>
internal sealed class TurnCaseRunner(Uri server, string model, TimeProvider time)
{
    private const string Instructions = "You are a helpful voice assistant. Answer at length.";
    private const int AnswerTokens = 400;
    private static readonly TimeSpan AnswerStartLimit = TimeSpan.FromSeconds(20);

    public async Task<TurnObservation> RunAsync(TurnCase turnCase, RealtimeTurnDetection detection, CancellationToken cancellationToken)
    {
        await using var session = await StampedRealtimeSession.ConnectAsync(server, model, time, cancellationToken);
        await session.WaitForAsync<RealtimeServerUpdateSessionCreated>(cancellationToken);
        await session.ConfigureAsync(Instructions, new RealtimeMaxOutputTokenCount(AnswerTokens), detection, cancellationToken);
        await session.WaitForAsync<RealtimeServerUpdateSessionUpdated>(cancellationToken);

        string? answer = null;
        long answerAudioFrom = 0, answerAudioBytes = 0;
        if (turnCase.Kind is TurnCaseKind.OverAnswer or TurnCaseKind.Interruption)
        {
            (answer, answerAudioFrom, answerAudioBytes) = await StartAnswerAsync(session, cancellationToken);
            if (answer is null) return new TurnObservation(turnCase.Kind, turnCase.Name, [], [], [], [], false) { AnswerNotPlaying = true };
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var speechEnd = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var speaking = new Microphone(session.AppendAudioAsync, time).SpeakAsync(turnCase.Audio, speechEnd, stop.Token);
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(Microphone.LeadSilence + turnCase.Audio.SpeechDuration + TimeSpan.FromMilliseconds(TurnTally.TurnWindowMs) + TimeSpan.FromSeconds(5));
        _ = speechEnd.Task.ContinueWith(_ => window.CancelAfter(TimeSpan.FromMilliseconds(TurnTally.TurnWindowMs)), TaskScheduler.Default);

        List<long> commits = [], started = [], stopped = [], replies = [];
        List<double> stoppedAtAudio = [];
        var cancelled = false;
        string? heard = null;
        try
        {
            await foreach (var received in session.ReadAsync(window.Token))
            {
                var at = received.ReceivedTimestamp;
                switch (received.Update)
                {
                    case RealtimeServerUpdateInputAudioBufferCommitted: commits.Add(at); break;
                    case RealtimeServerUpdateInputAudioBufferSpeechStarted: started.Add(at); break;
                    case RealtimeServerUpdateInputAudioBufferSpeechStopped speechStopped:
                        stopped.Add(at);
                        stoppedAtAudio.Add(speechStopped.AudioEndTime.TotalMilliseconds);
                        break;
                    case RealtimeServerUpdateResponseCreated { Response: { } r } when r.Id != answer: replies.Add(at); break;
                    case RealtimeServerUpdateResponseDone { Response: { } r } when r.Id == answer && r.Status == RealtimeResponseStatus.Cancelled: cancelled = true; break;
                    case RealtimeServerUpdateResponseOutputAudioDelta { ResponseId: { } id } delta when id == answer: answerAudioBytes += delta.Delta?.ToMemory().Length ?? 0; break;
                    case RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted completed: heard = completed.Transcript; break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The window closed.
        }

        await stop.CancelAsync();
        await speaking;
        if (!speechEnd.Task.IsCompleted) throw new InvalidOperationException($"The case '{turnCase.Name}' was not played to its end within its window.");
        var end = speechEnd.Task.Result;
        IReadOnlyList<double> Relative(List<long> stamps) => [.. stamps.Select(s => time.GetElapsedTime(end, s).TotalMilliseconds)];
        // A short answer can be over (all of its audio played, by the server's count too) before the case ends: then
        // nothing was talked over, and the case says nothing about interruptions.
        var answerPlaysUntil = answerAudioFrom + (long)(answerAudioBytes / 2.0 / SpokenUtterance.SampleRate * time.TimestampFrequency);
        return new TurnObservation(turnCase.Kind, turnCase.Name, Relative(commits), Relative(started), Relative(stopped), Relative(replies), cancelled)
        {
            Heard = heard,
            StoppedAtAudioMs = stoppedAtAudio,
            SpeechEndAudioMs = answer is null ? (Microphone.LeadSilence.TotalMilliseconds + turnCase.Audio.SpeechEnd * 1000.0 / SpokenUtterance.SampleRate) : double.PositiveInfinity,
            AnswerNotPlaying = answer is not null && !cancelled && answerPlaysUntil < end,
            AnswerPlaysUntilMs = answer is null ? double.PositiveInfinity : time.GetElapsedTime(end, answerPlaysUntil).TotalMilliseconds,
        };
    }

    /// <summary>Asks for an answer and waits for its first audio: the answer's id (null if none came), that audio's arrival and its pcm16 bytes.</summary>
    private async Task<(string? Id, long FirstAudio, long Bytes)> StartAnswerAsync(StampedRealtimeSession session, CancellationToken cancellationToken)
    {
        await session.StartResponseAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(AnswerStartLimit);
        try
        {
            await foreach (var received in session.ReadAsync(limit.Token))
            {
                switch (received.Update)
                {
                    case RealtimeServerUpdateResponseOutputAudioDelta { ResponseId: { } id } delta:
                        return (id, received.ReceivedTimestamp, delta.Delta?.ToMemory().Length ?? 0);
                    case RealtimeServerUpdateResponseDone: return (null, 0, 0);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No audio in time.
        }

        return (null, 0, 0);
    }
}
