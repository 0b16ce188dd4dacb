using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Audio;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>
/// A text-to-speech fake: each clause becomes silence, 10 ms a character at 24 kHz, so audio lengths are known
/// exactly; or, given a <paramref name="failure"/>, every clause fails with it. Each clause asked for is told to
/// <paramref name="asked"/>.
/// </summary>
internal sealed class SilentVoiceFake(Exception? failure = null, Action<string>? asked = null) : ITextToSpeechClient
{
    public const double MsPerCharacter = 10;

    public Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        asked?.Invoke(text);
        await Task.Yield();
        if (failure is not null) throw failure;
        var bytes = new byte[(int)(text.Length * MsPerCharacter * 24) * 2];
        yield return new TextToSpeechResponseUpdate([new DataContent(bytes, PcmMediaType.Format(24000))]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
