using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Audio;
using Omnia.Voice.Synthesis;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>The voice a chat answer is spoken in: the best installed speech engine, the requested voice and format.</summary>
internal sealed class ChatSpeech
{
    /// <summary>OpenAI's chat audio is pcm16 at 24 kHz.</summary>
    public const int SampleRate = 24000;

    private readonly ChatAudioOutput _output;

    private ChatSpeech(StreamingSpeaker speaker, ChatAudioOutput output)
    {
        Speaker = speaker;
        _output = output;
    }

    public StreamingSpeaker Speaker { get; }

    public static ChatSpeech Create(ModelRegistry registry, ChatAudioOutput output, OmniaServerOptions options)
    {
        var engine = registry.FindBest(ModelRole.TextToSpeech)
            ?? throw new ApiException(503, "Audio output needs a text-to-speech engine and none is available.", ApiException.Server, "modalities", "model_unavailable");
        var voice = VoiceResolver.Resolve(output.Voice, engine, options, "audio.voice");
        return new ChatSpeech(new StreamingSpeaker(engine.TextToSpeechClient!, new TextToSpeechOptions { ModelId = engine.Id, VoiceId = voice }, SampleRate), output);
    }

    /// <summary>A non-streamed answer: all of it spoken, encoded in the requested format, and remembered by id.</summary>
    public async Task<AssistantAudioDto> SpeakWholeAsync(string text, AudioCodec codec, AssistantAudioStore store, CancellationToken cancellationToken)
    {
        using var encoded = new MemoryStream();
        var format = _output.Format switch
        {
            "mp3" => EncodedAudioFormat.Mp3,
            "flac" => EncodedAudioFormat.Flac,
            "opus" => EncodedAudioFormat.Opus,
            "aac" => EncodedAudioFormat.Aac,
            "pcm16" => EncodedAudioFormat.Pcm,
            _ => EncodedAudioFormat.Wav,
        };
        await codec.EncodeAsync(Clauses(text, cancellationToken), format, encoded, SampleRate, cancellationToken);
        var (id, expiresAt) = store.Add(text);
        return new AssistantAudioDto(id, Convert.ToBase64String(encoded.GetBuffer(), 0, (int)encoded.Length), text, expiresAt.ToUnixTimeSeconds());
    }

    private async IAsyncEnumerable<PcmAudio> Clauses(string text, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var splitter = new ClauseSplitter();
        var clauses = splitter.Push(text).ToList();
        if (splitter.Flush() is { } rest) clauses.Add(rest);
        foreach (var clause in clauses)
            await foreach (var audio in Speaker.SynthesizeAsync(clause, cancellationToken))
                yield return audio;
        if (clauses.Count == 0) yield return new PcmAudio(Array.Empty<float>(), SampleRate);
    }
}
