using System.Diagnostics;
using Omnia.Audio;

namespace Omnia.Server.Tests;

/// <summary><c>omnia talk</c>, the real executable (the official SDK's realtime client inside), against a real server's Realtime API.</summary>
[Collection(StoriesServerCollection.Name)]
public sealed class TalkCommandTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task Talk_says_a_wav_file_and_writes_the_spoken_answer_to_a_wav_file()
    {
        var question = Path.Combine(Path.GetTempPath(), $"omnia-talk-{Guid.NewGuid():N}.wav");
        var answer = Path.ChangeExtension(question, ".answer.wav");
        try
        {
            // flite writes 16 kHz: talk resamples it to the session's 24 kHz.
            await File.WriteAllBytesAsync(question, await SpeechAudio.FliteWavAsync("What is the weather like today?"));
            var talk = await OmniaExecutable.RunAsync("talk", "--in", question, "--out", answer, "--fast", "--max-tokens", "16",
                "--model", "stories260k", "--instructions", "Tell a short story.", "--url", fixture.Server.BaseAddress.ToString());

            Assert.True(talk.Exit == 0, talk.Error);
            Assert.DoesNotContain("warning", talk.Error);
            Assert.Contains("you: what is the weather like today", talk.Output);
            Assert.Contains("assistant: ", talk.Output);
            Assert.Contains("latency, ms after the end of your speech: ", talk.Output);
            Assert.Contains("first_token ", talk.Output);
            var audio = await WavReader.ReadAsync(File.OpenRead(answer));
            Assert.Equal(24000, audio.SampleRate);
            Assert.True(audio.Duration > TimeSpan.FromMilliseconds(200), $"{audio.Duration}");
            Assert.True(audio.Samples.ToArray().Max(Math.Abs) > 0.05f, "the answer is silent");
        }
        finally
        {
            File.Delete(question);
            File.Delete(answer);
        }
    }

    [Fact]
    public async Task Talk_to_a_server_that_is_not_there_is_a_clear_error()
    {
        var question = Path.Combine(Path.GetTempPath(), $"omnia-talk-{Guid.NewGuid():N}.wav");
        try
        {
            await File.WriteAllBytesAsync(question, await SpeechAudio.FliteWavAsync("Hello."));
            var talk = await OmniaExecutable.RunAsync("talk", "--in", question, "--out", question + ".out.wav", "--url", "http://127.0.0.1:9");
            var missing = await OmniaExecutable.RunAsync("talk", "--in", "/nonexistent.wav", "--url", fixture.Server.BaseAddress.ToString());

            Assert.NotEqual(0, talk.Exit);
            Assert.Contains("Could not open ws://127.0.0.1:9/v1/realtime", talk.Error);
            Assert.NotEqual(0, missing.Exit);
            Assert.Contains("does not exist", missing.Error);
        }
        finally
        {
            File.Delete(question);
            File.Delete(question + ".out.wav");
        }
    }
}
