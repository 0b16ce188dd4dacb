namespace Omnia.Engines.Llama.Inference;

/// <summary>
/// Sizes the piece of prompt a step takes while other requests are generating, so that their steps stay within
/// <see cref="SlowdownLimit"/> × an undisturbed step (chunked prefill, as vLLM and llama.cpp's server bound it by a
/// token budget; here the budget follows measured cost, since a prompt token costs many times a generated one on a
/// CPU and differently on every machine and model). Learns, from the loop's own steps, how long a step of generated
/// tokens takes and what each prompt token adds to it.
/// </summary>
internal sealed class PrefillPacer(double slowdownLimit)
{
    /// <summary>Prompt tokens a step takes before anything is measured, and at least ever, so a prompt keeps moving.</summary>
    internal const int FirstChunk = 32;
    internal const int SmallestChunk = 4;

    /// <summary>Weight of the newest measurement in the running averages.</summary>
    private const double Smoothing = 0.2;

    private double _generatingStep;
    private double _perPromptToken;

    /// <summary>How many times an undisturbed step a step with prompt may take; 0 fills the batch with prompt as before.</summary>
    public double SlowdownLimit { get; } = slowdownLimit;

    /// <summary>The prompt tokens the next step may take.</summary>
    /// <param name="room">What the batch has left after every generating request's token.</param>
    /// <param name="generating">Requests generating in this step.</param>
    public int Budget(int room, int generating)
    {
        if (generating == 0 || SlowdownLimit <= 0) return room;
        if (_generatingStep == 0 || _perPromptToken == 0) return Math.Min(room, FirstChunk);
        var allowed = _generatingStep * (SlowdownLimit - 1) / _perPromptToken;
        return (int)Math.Clamp(allowed, Math.Min(room, SmallestChunk), room);
    }

    /// <summary>Learns from a decoded step: its duration, the generated tokens and the prompt tokens it held.</summary>
    public void Record(TimeSpan duration, int generated, int prompt)
    {
        var seconds = duration.TotalSeconds;
        if (prompt == 0)
        {
            if (generated > 0) _generatingStep = Average(_generatingStep, seconds);
            return;
        }
        // What the prompt added over a step of generated tokens alone (unknown until one was timed); alone, the
        // whole step is the prompt's.
        if (generated > 0 && _generatingStep == 0) return;
        var added = generated > 0 ? seconds - _generatingStep : seconds;
        _perPromptToken = Average(_perPromptToken, Math.Max(added, seconds * 0.01) / prompt);
    }

    private static double Average(double current, double sample) => current == 0 ? sample : current + Smoothing * (sample - current);
}
