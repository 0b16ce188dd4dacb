using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Speech;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia transcribe FILE</c>: speech to text in-process, as plain text, SRT or WebVTT.</summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Audio in any format ffmpeg reads (wav, mp3, ogg, flac, m4a, webm…)." };
        var language = new Option<string?>("--language") { Description = "Language of the speech (pocketsphinx: en)." };
        var format = new Option<string>("--format") { Description = "text, srt or vtt.", DefaultValueFactory = _ => "text" };
        var fast = new Option<bool>("--fast") { Description = "The fast single-pass decoder (lower accuracy)." };
        var modelsDir = CommonOptions.ModelsDir();
        var command = new Command("transcribe", "Transcribe an audio file.") { file, language, format, fast, modelsDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.");
                return 1;
            }
            if (parse.GetValue(language) is { } lang && !lang.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"pocketsphinx recognises English only, not '{lang}'.");
                return 1;
            }

            try
            {
                PcmAudio audio;
                await using (var input = path.OpenRead())
                    audio = await new AudioCodec().DecodeAsync(input, SpeechProperties.InputSampleRate, 1, AudioLimits.Default, cancellationToken);
                var pcm = new byte[audio.Samples.Length * 2];
                PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, pcm);

                using var engine = new PocketsphinxSpeechToTextClient();
                var options = new SpeechToTextOptions
                {
                    AdditionalProperties = new() { [PocketsphinxSpeechToTextClient.ModeKey] = parse.GetValue(fast) ? "fast" : "accurate" },
                };
                var response = await engine.GetTextAsync(new MemoryStream(pcm), options, cancellationToken);
                Console.Write(Render(parse.GetValue(format)!, response.Text, audio.Duration));
                return 0;
            }
            catch (Exception e) when (e is InvalidAudioException or AudioTooLargeException or FfmpegNotFoundException or DebianPackageMissingException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static string Render(string format, string text, TimeSpan duration)
    {
        var end = string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours:00}:{duration.Minutes:00}:{duration.Seconds:00}");
        return format switch
        {
            "srt" => $"1\n00:00:00,000 --> {end},{duration.Milliseconds:000}\n{text}\n\n",
            "vtt" => $"WEBVTT\n\n00:00:00.000 --> {end}.{duration.Milliseconds:000}\n{text}\n\n",
            _ => text + "\n",
        };
    }
}
