using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Engines.Onnx.Vad;
using Omnia.Vad;
using Omnia.Voice.Synthesis;

namespace Omnia.Bench;

/// <summary>
/// Real-time factors of the speech engines available here (processing time / audio time; below 1 is faster than
/// real time) and time to first audio of streamed speech. Whisper and Piper need weights this machine cannot get.
/// </summary>
internal static class AudioBench
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Please call Stella and ask her to bring these things with her from the store.",
        "What is the weather like today?",
        "Six spoons of fresh snow peas, five thick slabs of blue cheese.",
        "We also need a small plastic snake and a big toy frog for the kids.",
        "She can scoop these things into three red bags.",
        "The birch canoe slid on the smooth planks.",
        "Glue the sheet to the dark blue background.",
    ];

    public static Command Command()
    {
        var rounds = new Option<int>("--rounds") { Description = "Times each sentence is run.", DefaultValueFactory = _ => 3 };
        var command = new Command("audio", "Real-time factor of each speech engine here, and time to first audio of streamed speech.") { rounds };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Console.Out.Write(await RunAsync(parse.GetValue(rounds), Console.Error, cancellationToken));
            return 0;
        });
        return command;
    }

    private static async Task<string> RunAsync(int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine("audio: synthesizing the sentences with flite");
        var speech = new List<PcmAudio>();
        foreach (var sentence in Sentences) speech.Add(await FliteAsync(sentence));
        var table = new MarkdownTable("engine", "task", "audio s", "processing s", "real-time factor", "first audio ms p50", "first audio ms p95", "loadavg");

        using var pocketsphinx = new PocketsphinxSpeechToTextClient();
        foreach (var mode in new[] { "accurate", "fast" })
        {
            log.WriteLine($"audio: pocketsphinx {mode}");
            var options = new SpeechToTextOptions { AdditionalProperties = new() { [PocketsphinxSpeechToTextClient.ModeKey] = mode } };
            await pocketsphinx.GetTextAsync(new MemoryStream(Pcm16(speech[0])), options, cancellationToken);
            var (audio, busy) = (0.0, 0.0);
            for (var r = 0; r < rounds; r++)
                foreach (var clip in speech)
                {
                    var started = Stopwatch.GetTimestamp();
                    await pocketsphinx.GetTextAsync(new MemoryStream(Pcm16(clip)), options, cancellationToken);
                    busy += Stopwatch.GetElapsedTime(started).TotalSeconds;
                    audio += clip.Duration.TotalSeconds;
                }
            table.Add($"pocketsphinx ({mode})", "speech to text", audio.ToString("0.0"), busy.ToString("0.00"), (busy / audio).ToString("0.000"), "", "", SystemLoad.OneMinute().ToString("0.0"));
        }

        using var espeak = new EspeakTextToSpeechClient();
        {
            log.WriteLine("audio: espeak-ng");
            var (audio, busy) = (0.0, 0.0);
            var first = new List<double>();
            for (var r = 0; r < rounds; r++)
                foreach (var sentence in Sentences)
                {
                    var started = Stopwatch.GetTimestamp();
                    double? firstMs = null;
                    await foreach (var update in espeak.GetStreamingAudioAsync(sentence + " " + sentence, cancellationToken: cancellationToken))
                    {
                        firstMs ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        audio += update.Contents.OfType<DataContent>().Sum(d => d.Data.Length / 2.0 / espeak.SampleRate);
                    }
                    busy += Stopwatch.GetElapsedTime(started).TotalSeconds;
                    first.Add(firstMs ?? double.NaN);
                }
            var stats = LatencyStats.Of(first);
            table.Add("espeak-ng", "text to speech", audio.ToString("0.0"), busy.ToString("0.00"), (busy / audio).ToString("0.000"), stats.P50.ToString("0.0"), stats.P95.ToString("0.0"), SystemLoad.OneMinute().ToString("0.0"));
        }

        {
            log.WriteLine("audio: streamed speech at 24 kHz (espeak-ng through StreamingSpeaker)");
            var speaker = new StreamingSpeaker(espeak, new TextToSpeechOptions { VoiceId = "en-us" });
            var first = new List<double>();
            foreach (var sentence in Sentences)
            {
                var started = Stopwatch.GetTimestamp();
                await foreach (var piece in speaker.SpeakAsync(Words(sentence), cancellationToken: cancellationToken))
                    if (piece is SpokenAudio)
                    {
                        first.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        break;
                    }
            }
            var stats = LatencyStats.Of(first);
            table.Add("espeak-ng, streamed clause by clause", "text deltas to first 24 kHz audio", "", "", "", stats.P50.ToString("0.0"), stats.P95.ToString("0.0"), SystemLoad.OneMinute().ToString("0.0"));
        }

        using var silero = new SileroVad(Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), "..", "shared", "models", "silero_vad.onnx")));
        {
            log.WriteLine("audio: Silero VAD");
            var (audio, busy) = (0.0, 0.0);
            for (var r = 0; r < rounds; r++)
                foreach (var clip in speech)
                {
                    using var model = silero.Create(16000);
                    var detector = new VoiceActivityDetector(model);
                    var started = Stopwatch.GetTimestamp();
                    detector.Process(clip.Samples.Span);
                    busy += Stopwatch.GetElapsedTime(started).TotalSeconds;
                    audio += clip.Duration.TotalSeconds;
                }
            table.Add("Silero VAD (ONNX Runtime, 1 thread)", "voice activity", audio.ToString("0.0"), busy.ToString("0.000"), (busy / audio).ToString("0.0000"), "", "", SystemLoad.OneMinute().ToString("0.0"));
        }

        return "## Speech engines on this machine\n\n" + table +
               "\nWhisper and Piper: no weights can be downloaded here, so their real-time factors are not measured.\n";
    }

    private static async IAsyncEnumerable<string> Words(string sentence)
    {
        foreach (var word in sentence.Split(' '))
        {
            await Task.Yield();
            yield return word + " ";
        }
    }

    private static byte[] Pcm16(PcmAudio audio)
    {
        var bytes = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, bytes);
        return bytes;
    }

    private static async Task<PcmAudio> FliteAsync(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-bench-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("flite") { RedirectStandardError = true };
            foreach (var argument in new[] { "-voice", "slt", "-t", text, "-o", path }) start.ArgumentList.Add(argument);
            using (var process = Process.Start(start)!) await process.WaitForExitAsync();
            await using var file = File.OpenRead(path);
            return (await WavReader.ReadAsync(file)).ToMono().Resample(16000);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
