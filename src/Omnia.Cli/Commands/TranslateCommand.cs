using System.CommandLine;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Apertium;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Speech;
using Omnia.Voice.Synthesis;

namespace Omnia.Cli.Commands;

/// <summary>
/// <c>omnia translate --from en --to es</c>: the interpreter offline and in-process — speech (or text) in one language,
/// recognised by pocketsphinx, translated by apertium, spoken by espeak-ng in the other. For live interpreting over
/// the Realtime API, connect with <c>?preset=translate&amp;from=en&amp;to=es</c>.
/// </summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Language spoken (ISO 639-1, e.g. en).", Required = true };
        var to = new Option<string>("--to") { Description = "Language to answer in (e.g. es).", Required = true };
        var input = new Option<FileInfo?>("--in") { Description = "Speech to translate (any audio format)." };
        var text = new Option<string?>("--text") { Description = "Text to translate instead of speech." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the translation as speech (.wav, .mp3, .ogg, .flac)." };
        var modelsDir = CommonOptions.ModelsDir();
        var command = new Command("translate", "Translate speech or text into another language, offline.") { from, to, input, text, output, modelsDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(from)!;
            var target = parse.GetValue(to)!;
            try
            {
                var said = parse.GetValue(text) ?? (parse.GetValue(input) is { } file ? await RecognizeAsync(file, source, cancellationToken) : null);
                if (said is null)
                {
                    await Console.Error.WriteLineAsync("Give --in FILE (speech) or --text TEXT.");
                    return 1;
                }
                var translator = new ApertiumTranslator();
                if (!translator.Supports(source, target))
                {
                    await Console.Error.WriteLineAsync($"apertium has no {source}→{target} pair installed (installed: {string.Join(", ", translator.Modes)}).");
                    return 1;
                }
                var translated = await translator.TranslateAsync(said, source, target, cancellationToken);
                Console.WriteLine($"{source}: {said}");
                Console.WriteLine($"{target}: {translated}");
                if (parse.GetValue(output) is { } destination) await SpeakAsync(translated, target, destination, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is DebianPackageMissingException or InvalidAudioException or ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static async Task<string> RecognizeAsync(FileInfo file, string language, CancellationToken cancellationToken)
    {
        if (!language.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Offline recognition (pocketsphinx) hears English only, not '{language}'; use --text.");
        await using var stream = file.OpenRead();
        var audio = await new AudioCodec().DecodeAsync(stream, SpeechProperties.InputSampleRate, 1, AudioLimits.Default, cancellationToken);
        var pcm = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, pcm);
        using var recognizer = new PocketsphinxSpeechToTextClient();
        return (await recognizer.GetTextAsync(new MemoryStream(pcm), null, cancellationToken)).Text;
    }

    private static async Task SpeakAsync(string text, string language, FileInfo destination, CancellationToken cancellationToken)
    {
        var format = destination.Extension.ToLowerInvariant() switch
        {
            ".mp3" => EncodedAudioFormat.Mp3,
            ".ogg" or ".opus" => EncodedAudioFormat.Opus,
            ".flac" => EncodedAudioFormat.Flac,
            _ => EncodedAudioFormat.Wav,
        };
        using var voice = new EspeakTextToSpeechClient();
        var pieces = new StreamingSpeaker(voice, new TextToSpeechOptions { VoiceId = language }).SynthesizeAsync(text, cancellationToken);
        await using var file = destination.Create();
        await new AudioCodec().EncodeAsync(pieces, format, file, 24000, cancellationToken);
    }
}
