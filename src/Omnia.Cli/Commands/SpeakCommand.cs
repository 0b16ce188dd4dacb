using System.CommandLine;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Espeak;
using Omnia.Voice.Synthesis;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia speak "text" -o out.mp3</c>: text to speech in-process, in the format the file name says.</summary>
internal static class SpeakCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "What to say." };
        var voice = new Option<string>("--voice") { Description = "An espeak-ng voice or language (en-us, en-gb+f3, de, fr…).", DefaultValueFactory = _ => "en-us" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Output file: .mp3, .opus, .ogg, .aac, .flac, .wav or .pcm.", Required = true };
        var speed = new Option<float?>("--speed") { Description = "Speaking rate, 0.25 to 4 (default 1)." };
        var modelsDir = CommonOptions.ModelsDir();
        var command = new Command("speak", "Speak text into an audio file.") { text, voice, output, speed, modelsDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(output)!;
            if (!TryFormat(file.Extension, out var format))
            {
                await Console.Error.WriteLineAsync($"Unknown output type '{file.Extension}': use .mp3, .opus, .ogg, .aac, .flac, .wav or .pcm.");
                return 1;
            }
            try
            {
                using var engine = new EspeakTextToSpeechClient();
                var options = new TextToSpeechOptions { VoiceId = parse.GetValue(voice), Speed = parse.GetValue(speed) };
                await using var destination = file.Create();
                var pieces = new StreamingSpeaker(engine, options).SynthesizeAsync(parse.GetValue(text)!, cancellationToken);
                await new AudioCodec().EncodeAsync(pieces, format, destination, 24000, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or FfmpegNotFoundException or DebianPackageMissingException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static bool TryFormat(string extension, out EncodedAudioFormat format)
    {
        (var known, format) = extension.ToLowerInvariant() switch
        {
            ".mp3" => (true, EncodedAudioFormat.Mp3),
            ".opus" or ".ogg" => (true, EncodedAudioFormat.Opus),
            ".aac" => (true, EncodedAudioFormat.Aac),
            ".flac" => (true, EncodedAudioFormat.Flac),
            ".wav" => (true, EncodedAudioFormat.Wav),
            ".pcm" => (true, EncodedAudioFormat.Pcm),
            _ => (false, EncodedAudioFormat.Wav),
        };
        return known;
    }
}
