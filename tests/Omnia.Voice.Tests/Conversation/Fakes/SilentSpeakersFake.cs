using Microsoft.Extensions.AI;
using Omnia.Voice.Conversation;
using Omnia.Voice.Synthesis;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// Speakers over <see cref="SilentVoiceFake"/>, whatever the voice (failing with <paramref name="failure"/> when given
/// one); <see cref="FirstClause"/> tells what was first sent to a voice, when it was.
/// </summary>
internal sealed class SilentSpeakersFake(Exception? failure = null) : ISpeakerFactory
{
    private readonly TaskCompletionSource<string> _firstClause = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> FirstClause => _firstClause.Task;

    public StreamingSpeaker Create(string voice, float? speed) =>
        new(new SilentVoiceFake(failure, clause => _firstClause.TrySetResult(clause)), new TextToSpeechOptions { VoiceId = voice }, 24000);
}
