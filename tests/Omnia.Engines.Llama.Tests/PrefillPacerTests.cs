using Omnia.Engines.Llama.Inference;

namespace Omnia.Engines.Llama.Tests;

public sealed class PrefillPacerTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void A_prompt_alone_fills_the_batch()
    {
        var pacer = new PrefillPacer(1.5);
        pacer.Record(Ms(50), generated: 4, prompt: 0);

        Assert.Equal(512, pacer.Budget(512, generating: 0));
    }

    [Fact]
    public void Before_anything_is_measured_a_prompt_beside_generating_requests_takes_a_first_small_chunk()
    {
        Assert.Equal(PrefillPacer.FirstChunk, new PrefillPacer(1.5).Budget(508, generating: 4));
        Assert.Equal(3, new PrefillPacer(1.5).Budget(3, generating: 4));
    }

    [Fact]
    public void The_chunk_keeps_a_step_within_the_limit_from_measured_costs()
    {
        var pacer = new PrefillPacer(1.5);
        pacer.Record(Ms(50), generated: 4, prompt: 0);
        // 32 prompt tokens added 160 ms: 5 ms each. Half an undisturbed step (25 ms) buys 5 tokens.
        pacer.Record(Ms(210), generated: 4, prompt: 32);

        Assert.Equal(5, pacer.Budget(508, generating: 4));

        var looser = new PrefillPacer(3);
        looser.Record(Ms(50), generated: 4, prompt: 0);
        looser.Record(Ms(210), generated: 4, prompt: 32);
        Assert.Equal(20, looser.Budget(508, generating: 4));
    }

    [Fact]
    public void A_prompt_keeps_moving_however_costly_and_never_takes_more_than_the_room()
    {
        var pacer = new PrefillPacer(1.1);
        pacer.Record(Ms(10), generated: 4, prompt: 0);
        pacer.Record(Ms(1000), generated: 4, prompt: 8);
        Assert.Equal(PrefillPacer.SmallestChunk, pacer.Budget(508, generating: 4));

        var cheap = new PrefillPacer(1.5);
        cheap.Record(Ms(100), generated: 4, prompt: 0);
        cheap.Record(Ms(101), generated: 4, prompt: 100);
        Assert.Equal(508, cheap.Budget(508, generating: 4));
    }

    [Fact]
    public void A_limit_of_zero_fills_the_batch_as_before()
    {
        var pacer = new PrefillPacer(0);
        pacer.Record(Ms(50), generated: 4, prompt: 0);
        pacer.Record(Ms(210), generated: 4, prompt: 32);

        Assert.Equal(508, pacer.Budget(508, generating: 4));
    }

    [Fact]
    public void Limits_below_one_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LlamaModel.Load(new LlamaEngineOptions { ModelPath = "x.gguf", PrefillSlowdownLimit = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LlamaModel.Load(new LlamaEngineOptions { ModelPath = "x.gguf", PrefillSlowdownLimit = double.NaN }));
    }
}
