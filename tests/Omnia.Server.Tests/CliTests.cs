using System.Diagnostics;

namespace Omnia.Server.Tests;

/// <summary>The <c>omnia</c> executable itself, run as a user runs it.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Speak_writes_an_mp3_and_transcribe_reads_flite_speech_as_srt()
    {
        var mp3 = Path.Combine(Path.GetTempPath(), $"omnia-speak-{Guid.NewGuid():N}.mp3");
        var wav = Path.ChangeExtension(mp3, ".wav");
        try
        {
            var spoken = await OmniaExecutable.RunAsync("speak", "Hello from Omnia. This is a test.", "--voice", "en-gb", "-o", mp3);
            await File.WriteAllBytesAsync(wav, await SpeechAudio.FliteWavAsync("The quick brown fox jumps over the lazy dog."));
            var heard = await OmniaExecutable.RunAsync("transcribe", wav, "--format", "srt");

            Assert.Equal(0, spoken.Exit);
            var probe = await SpeechAudio.ProbeAsync(await File.ReadAllBytesAsync(mp3));
            Assert.Equal("mp3", probe.Codec);
            Assert.InRange(probe.Seconds, 1, 5);
            Assert.Equal(0, heard.Exit);
            Assert.StartsWith("1\n00:00:00,000 --> 00:00:0", heard.Output);
            Assert.Contains("brown fox", heard.Output);
        }
        finally
        {
            File.Delete(mp3);
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task Models_lists_the_catalog_against_a_directory_and_bad_input_is_a_clear_error()
    {
        var models = await OmniaExecutable.RunAsync("models", "--models-dir", Omnia.Tests.TestPaths.SharedModels);
        var missing = await OmniaExecutable.RunAsync("transcribe", "/nonexistent.wav");
        var badFormat = await OmniaExecutable.RunAsync("speak", "hi", "-o", "/tmp/x.xyz");

        Assert.Equal(0, models.Exit);
        Assert.Contains("stories260k", models.Output);
        Assert.Contains("installed", models.Output);
        Assert.Matches(@"llama-guard-3-1b\s+moderation\s+missing", models.Output);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("does not exist", missing.Error);
        Assert.NotEqual(0, badFormat.Exit);
        Assert.Contains(".xyz", badFormat.Error);
    }

    [Fact]
    public async Task Translate_turns_english_speech_into_spanish_speech_offline()
    {
        var wav = Path.Combine(Path.GetTempPath(), $"omnia-en-{Guid.NewGuid():N}.wav");
        var spanish = Path.ChangeExtension(wav, ".es.wav");
        try
        {
            await File.WriteAllBytesAsync(wav, await SpeechAudio.FliteWavAsync("The weather is nice today."));

            var result = await OmniaExecutable.RunAsync("translate", "--from", "en", "--to", "es", "--in", wav, "-o", spanish);

            Assert.Equal(0, result.Exit);
            Assert.Contains("es: El tiempo", result.Output);
            Assert.True((await SpeechAudio.ProbeAsync(await File.ReadAllBytesAsync(spanish))).Seconds > 0.5);
        }
        finally
        {
            File.Delete(wav);
            File.Delete(spanish);
        }
    }

    [Fact]
    public async Task Chat_streams_an_answer_from_an_in_process_model()
    {
        var (exit, output, _) = await ChatAsync(["Once upon a time", "/exit"], "--models-dir", Omnia.Tests.TestPaths.SharedModels, "--max-tokens", "12");

        Assert.Equal(0, exit);
        Assert.True(output.Replace("> ", "", StringComparison.Ordinal).Trim().Length > 0, output);
    }

    [Fact]
    public async Task Chat_with_a_server_streams_its_answers_and_keeps_the_conversation()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["sk-chat"]);

        var (exit, output, error) = await ChatAsync(["Once upon a time", "/reset", "There was", "/exit"],
            "--url", server.BaseAddress.ToString(), "--model", "stories260k", "--api-key", "sk-chat", "--max-tokens", "12");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var answers = output.Split("> ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, answers.Length);
        Assert.All(answers, a => Assert.NotEmpty(a));
    }

    [Fact]
    public async Task Chat_reports_a_failed_turn_and_goes_on()
    {
        await using var server = await OmniaServerInstance.StartStoriesAsync(apiKeys: ["sk-chat"]);

        var wrongKey = await ChatAsync(["Hello", "/exit"], "--url", server.BaseAddress.ToString(), "--model", "stories260k", "--api-key", "sk-wrong");
        var unknownModel = await ChatAsync(["Hello", "/exit"], "--url", server.BaseAddress.ToString(), "--model", "no-such-model", "--api-key", "sk-chat");
        var unreachable = await ChatAsync(["Hello", "/exit"], "--url", "http://127.0.0.1:9", "--model", "stories260k");

        Assert.All(new[] { wrongKey, unknownModel, unreachable }, r => Assert.Equal(0, r.Exit));
        Assert.StartsWith("error: ", wrongKey.Error);
        Assert.Contains("401", wrongKey.Error);
        Assert.Contains("no-such-model", unknownModel.Error);
        Assert.StartsWith("error: ", unreachable.Error);
    }

    [Fact]
    public async Task Chat_with_a_url_that_is_not_one_is_a_clear_error()
    {
        var (exit, _, error) = await ChatAsync(["/exit"], "--url", "not a url");

        Assert.Equal(1, exit);
        Assert.Contains("--url must be an absolute http(s) URL", error);
    }

    /// <summary>Runs <c>omnia chat</c> with <paramref name="lines"/> typed in, as a user types them.</summary>
    private static async Task<(int Exit, string Output, string Error)> ChatAsync(string[] lines, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "omnia.dll"));
        start.ArgumentList.Add("chat");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        foreach (var line in lines) await process.StandardInput.WriteLineAsync(line);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
