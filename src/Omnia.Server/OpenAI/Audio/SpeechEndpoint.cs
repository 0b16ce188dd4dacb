using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Omnia.Audio;
using Omnia.Models;
using Omnia.Server.Errors;
using Omnia.Voice.Synthesis;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>
/// <c>POST /v1/audio/speech</c>: the engine synthesizes clause by clause and each piece is encoded and sent as soon as
/// it exists, as a chunked audio body or as <c>speech.audio.delta</c> SSE events.
/// </summary>
internal static class SpeechEndpoint
{
    public const int MaxInputCharacters = 4096;

    private static readonly Dictionary<string, (EncodedAudioFormat Format, string ContentType)> Formats = new(StringComparer.Ordinal)
    {
        ["mp3"] = (EncodedAudioFormat.Mp3, "audio/mpeg"),
        ["opus"] = (EncodedAudioFormat.Opus, "audio/ogg"),
        ["aac"] = (EncodedAudioFormat.Aac, "audio/aac"),
        ["flac"] = (EncodedAudioFormat.Flac, "audio/flac"),
        ["wav"] = (EncodedAudioFormat.Wav, "audio/wav"),
        ["pcm"] = (EncodedAudioFormat.Pcm, "audio/pcm"),
    };

    /// <summary>OpenAI's output rate; <c>pcm</c> is defined as 24 kHz s16le.</summary>
    private const int OutputSampleRate = 24000;

    public static async Task<IResult> HandleAsync(HttpContext context, ModelRegistry registry, AudioCodec codec, IOptions<OmniaServerOptions> options)
    {
        var cancellation = context.RequestAborted;
        var request = await RequestBody.ReadAsync<SpeechRequest>(context, cancellation);
        if (string.IsNullOrEmpty(request.Input))
            throw ApiException.BadRequest("Missing required parameter: 'input'.", "input");
        if (request.Input.Length > MaxInputCharacters)
            throw ApiException.BadRequest($"'input' is {request.Input.Length} characters; the limit is {MaxInputCharacters}.", "input", "string_above_max_length");
        if (request.Speed is { } speed && !(float.IsFinite(speed) && speed is >= 0.25f and <= 4f))
            throw ApiException.BadRequest("speed must be between 0.25 and 4.0.", "speed", "invalid_value");
        var formatName = request.ResponseFormat ?? "mp3";
        if (!Formats.TryGetValue(formatName, out var format))
            throw ApiException.BadRequest($"Invalid value for 'response_format': {Echo.Quote(formatName)}. Supported: {string.Join(", ", Formats.Keys)}.", "response_format");
        var sse = request.StreamFormat switch
        {
            null or "audio" => false,
            "sse" => true,
            _ => throw ApiException.BadRequest($"Invalid value for 'stream_format': {Echo.Quote(request.StreamFormat)}. Supported: audio, sse.", "stream_format"),
        };

        var (served, client) = SpeechModels.TextToSpeech(registry, request.Model);
        var voice = VoiceResolver.Resolve(request.Voice, served, options.Value, "voice");

        var speechOptions = new TextToSpeechOptions { ModelId = served.Id, VoiceId = voice, Speed = request.Speed };
        var pieces = Synthesize(client, request.Input, speechOptions, cancellation);
        var encoded = codec.EncodeStreamingAsync(pieces, format.Format, OutputSampleRate, cancellation).GetAsyncEnumerator(cancellation);

        // The first encoded bytes are awaited before the status is sent, so a voice the engine refuses is still a 400.
        bool any;
        try
        {
            any = await encoded.MoveNextAsync();
        }
        catch
        {
            await encoded.DisposeAsync();
            throw;
        }

        if (sse) return TypedResults.ServerSentEvents(SseEvents(encoded, any, request.Input.Length, cancellation));
        return new StreamedAudioResult(encoded, any, format.ContentType);
    }

    /// <summary>The engine's clauses at the output rate; a voice the engine refuses is the client's error.</summary>
    private static async IAsyncEnumerable<PcmAudio> Synthesize(ITextToSpeechClient client, string text, TextToSpeechOptions options, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var pieces = new StreamingSpeaker(client, options, OutputSampleRate).SynthesizeAsync(text, cancellation).GetAsyncEnumerator(cancellation);
        await using var _ = pieces;
        while (await NextAsync(pieces))
            yield return pieces.Current;

        static async ValueTask<bool> NextAsync(IAsyncEnumerator<PcmAudio> pieces)
        {
            try
            {
                return await pieces.MoveNextAsync();
            }
            catch (ArgumentException e)
            {
                throw ApiException.BadRequest(e.Message, "voice", "unknown_voice");
            }
        }
    }

    private static async IAsyncEnumerable<string> SseEvents(IAsyncEnumerator<ReadOnlyMemory<byte>> encoded, bool any, int inputCharacters, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var _ = encoded;
        long bytes = 0;
        for (var more = any; more; more = await encoded.MoveNextAsync())
        {
            cancellation.ThrowIfCancellationRequested();
            bytes += encoded.Current.Length;
            yield return JsonSerializer.Serialize(new SpeechAudioDelta(Convert.ToBase64String(encoded.Current.Span)), OpenAIJson.Options);
        }
        yield return JsonSerializer.Serialize(new SpeechAudioDone(new SpeechUsage(inputCharacters, (int)Math.Min(int.MaxValue, bytes))), OpenAIJson.Options);
    }
}
