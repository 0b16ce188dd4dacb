using Omnia.Engines.Onnx.Turns;
using Omnia.Models;
using Omnia.Turns;

namespace Omnia.Engines.Onnx.Tests.Turns;

/// <summary>The real loading, features and ONNX Runtime run, through a generated graph with Smart Turn v3's signature.</summary>
public sealed class SmartTurnEndOfTurnModelTests : IDisposable
{
    private readonly SmartTurnTestModel model = new();

    [Fact]
    public async Task Silence_scores_the_sigmoid_of_whispers_floor()
    {
        using var turns = new SmartTurnEndOfTurnModel(model.ModelPath);

        var score = await turns.ScoreAsync(new EndOfTurnInput("", new float[16_000]), CancellationToken.None);

        // Every feature of silence is -1.5: sigmoid(0.5 × -1.5 + 1) = 0.562177.
        Assert.Equal(0.5621765, score, 1e-6);
        Assert.Equal(SmartTurnTestModel.Expected(-1.5), score, 1e-6);
    }

    [Fact]
    public async Task The_score_is_the_models_output_for_the_features_of_the_last_eight_seconds()
    {
        using var turns = new SmartTurnEndOfTurnModel(model.ModelPath);
        var audio = TestSignals.Concat(
            TestSignals.Noise(9000, 0.2f, seed: 1, sampleRate: 16_000), Tone(220, 1), TestSignals.Silence(500, 16_000));
        var features = new float[WhisperLogMel.FeatureCount];
        WhisperLogMel.Compute(audio, features);

        var score = await turns.ScoreAsync(new EndOfTurnInput("book a table for", audio), CancellationToken.None);

        Assert.Equal(SmartTurnTestModel.Expected(features.Average(f => (double)f)), score, 1e-5);
        Assert.NotEqual(SmartTurnTestModel.Expected(-1.5), score, 3);
    }

    [Fact]
    public async Task The_transcript_and_the_language_do_not_change_an_audio_models_score()
    {
        using var turns = new SmartTurnEndOfTurnModel(model.ModelPath);
        var audio = Tone(330, 2);

        var plain = await turns.ScoreAsync(new EndOfTurnInput("", audio), CancellationToken.None);
        var worded = await turns.ScoreAsync(new EndOfTurnInput("je voudrais", audio, "fr"), CancellationToken.None);

        Assert.Equal(plain, worded);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_session_and_agree()
    {
        using var turns = new SmartTurnEndOfTurnModel(model.ModelPath);
        var inputs = Enumerable.Range(0, 8).Select(i => new EndOfTurnInput("", Tone(200 + 100 * (i % 2), 1 + i % 3))).ToList();
        var alone = new List<double>();
        foreach (var input in inputs) alone.Add(await turns.ScoreAsync(input, CancellationToken.None));

        var together = await Task.WhenAll(inputs.Select(i => turns.ScoreAsync(i, CancellationToken.None).AsTask()));

        Assert.Equal(alone, together);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled()
    {
        using var turns = new SmartTurnEndOfTurnModel(model.ModelPath);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => turns.ScoreAsync(new EndOfTurnInput("", Tone(440, 1)), new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task A_disposed_model_refuses_calls()
    {
        var turns = new SmartTurnEndOfTurnModel(model.ModelPath);
        turns.Dispose();
        turns.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => turns.ScoreAsync(new EndOfTurnInput("", Tone(440, 1)), CancellationToken.None).AsTask());
    }

    [Fact]
    public void A_graph_without_smart_turns_input_is_refused_naming_what_it_expected()
    {
        var path = model.Write("identity.onnx", OnnxModelWriter.Identity("x", "y", 4));

        var error = Assert.Throws<InvalidModelFileException>(() => new SmartTurnEndOfTurnModel(path));

        Assert.Contains("input_features[batch,80,800]", error.Message);
        Assert.Contains("x[4]", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused_and_a_missing_one_reported()
    {
        var text = model.Write("text.onnx", "not a model"u8.ToArray());

        Assert.Equal(text, Assert.Throws<InvalidModelFileException>(() => new SmartTurnEndOfTurnModel(text)).Path);
        Assert.Throws<FileNotFoundException>(() => new SmartTurnEndOfTurnModel(Path.Combine(Path.GetDirectoryName(text)!, "none.onnx")));
    }

    public void Dispose() => model.Dispose();

    private static float[] Tone(int hertz, int seconds) =>
        Enumerable.Range(0, seconds * 16_000).Select(i => 0.5f * MathF.Sin(2 * MathF.PI * hertz * i / 16_000)).ToArray();
}
