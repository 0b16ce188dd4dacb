using System.CommandLine;
using Omnia.Bench.PromptCache;
using OpenAI.Realtime;

namespace Omnia.Bench.Turns;

#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.

/// <summary>
/// <c>bench turns</c>: the turn-taking suite (unfinished phrases with pauses, finished utterances, backchannels, noise
/// and an interruption over an answer, noise alone) through realtime semantic_vad, one server per end-of-turn detector
/// (<c>--end-of-turn</c>), a table row per detector and eagerness.
/// </summary>
internal static class TurnsBench
{
    private static readonly TimeSpan ServerStartTimeout = TimeSpan.FromMinutes(3);

    public static Command Command(string root, Option<string> cli)
    {
        var detectors = new Option<string>("--detectors") { Description = "Server --end-of-turn values, comma-separated (auto, chat-model, smart-turn, ngram, words).", DefaultValueFactory = _ => "words,auto" };
        var eagerness = new Option<string>("--eagerness") { Description = "semantic_vad eagerness levels, comma-separated (low, medium, high, auto).", DefaultValueFactory = _ => "auto" };
        var modelsDir = new Option<string>("--models-dir")
        {
            Description = "Models directory for the server (silero_vad.onnx, stories260K.gguf).",
            DefaultValueFactory = _ => Path.GetFullPath(Path.Combine(root, "..", "shared", "models")),
        };
        var command = new Command("turns", "Turn-taking suite: premature replies, missed turns, replies to noise, false and missed interruptions, end-of-turn delay.")
        {
            detectors, eagerness, modelsDir, cli,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await RunAsync(
                parse.GetValue(cli)!, parse.GetValue(modelsDir)!, parse.GetValue(detectors)!.Split(','), parse.GetValue(eagerness)!.Split(','),
                Console.Error, cancellationToken);
            Console.Out.Write(report);
            return 0;
        });
        return command;
    }

    private static async Task<string> RunAsync(
        string cliDll, string modelsDir, IReadOnlyList<string> detectors, IReadOnlyList<string> levels, TextWriter log, CancellationToken cancellationToken)
    {
        var stories = Path.Combine(modelsDir, "stories260K.gguf");
        var cases = await TurnCases.BuildAsync(cancellationToken);
        var rows = new List<(string, string, TurnTally)>();
        foreach (var detector in detectors)
        {
            await log.WriteLineAsync($"server with --end-of-turn {detector}");
            await using var process = await OmniaServerProcess.StartAsync(cliDll, modelsDir, stories, 2, 4096, ServerStartTimeout, cancellationToken, "--end-of-turn", detector);
            using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            var runner = new TurnCaseRunner(process.BaseAddress, await ServedModel.IdAsync(http, stories, cancellationToken), TimeProvider.System);
            foreach (var level in levels)
            {
                var detection = new RealtimeSemanticVadTurnDetection { EagernessLevel = new RealtimeSemanticVadEagernessLevel(level) };
                var observations = new List<TurnObservation>();
                foreach (var turnCase in cases)
                {
                    var seen = await runner.RunAsync(turnCase, detection, cancellationToken);
                    observations.Add(seen);
                    await log.WriteLineAsync($"  {detector}/{level} {seen.Kind} {seen.Name}: {Describe(seen)}");
                }

                rows.Add((detector, level, TurnTally.Of(observations)));
            }
        }

        return TurnsReport.Format(
            "server: `omnia serve --chat-model stories260K.gguf --parallel 2 --context-size 4096 --end-of-turn DETECTOR --load-mode read --offline`, realtime semantic_vad, pocketsphinx transcription",
            $"cases: {cases.Count} ({string.Join(", ", cases.GroupBy(c => c.Kind).Select(g => $"{g.Count()} {g.Key}"))}), flite voices slt/kal16/awb and a hummed mm-hmm, one session each",
            rows);
    }

    private static string Describe(TurnObservation seen) =>
        (seen.AnswerNotPlaying ? "no answer playing under it; " : string.Empty)
        + $"commits [{Ms(seen.Commits)}], speech_started [{Ms(seen.SpeechStarted)}], speech_stopped [{Ms(seen.SpeechStopped)}], replies [{Ms(seen.Replies)}]"
        + (seen.AnswerCancelled ? ", answer cancelled" : string.Empty)
        + (double.IsFinite(seen.AnswerPlaysUntilMs) ? $", answer plays until {seen.AnswerPlaysUntilMs:0}" : string.Empty) + $"; heard '{seen.Heard ?? "(nothing)"}'";

    private static string Ms(IReadOnlyList<double> values) => string.Join(' ', values.Select(v => $"{v:0}"));
}
