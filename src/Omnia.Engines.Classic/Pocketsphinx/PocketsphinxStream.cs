namespace Omnia.Engines.Classic.Pocketsphinx;

/// <summary>One utterance decoded while its audio arrives: append 16 kHz mono samples, read the partial text, finish.</summary>
/// <remarks>
/// Decoding happens inside <see cref="Append"/> (a few milliseconds per 20 ms of audio), so after the speech ends
/// only <see cref="Finish"/>'s final search remains; the text does not depend on how the audio is sliced. Not
/// thread-safe: one producer appends and finishes. Dispose returns the decoder to its pool; disposing without
/// finishing abandons the utterance.
/// </remarks>
public sealed class PocketsphinxStream : IDisposable
{
    private readonly PocketsphinxDecoderPool pool;
    private readonly long maxSamples;
    private PocketsphinxDecoder? decoder;
    private bool healthy = true;
    private string? partialText = "";
    private string? finalText;

    internal PocketsphinxStream(PocketsphinxDecoderPool pool, PocketsphinxDecoder decoder, long maxSamples)
    {
        this.pool = pool;
        this.decoder = decoder;
        this.maxSamples = maxSamples;
        Mode = decoder.Mode;
        try
        {
            decoder.StartUtterance();
        }
        catch
        {
            healthy = false;
            Release();
            throw;
        }
    }

    /// <summary>The mode of the decoder behind this stream.</summary>
    public PocketsphinxMode Mode { get; }

    /// <summary>The number of samples appended so far.</summary>
    public long SampleCount { get; private set; }

    /// <summary>The duration of the audio appended so far.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(SampleCount / (double)PocketsphinxSpeechToTextClient.SampleRate);

    /// <summary>The best hypothesis for the audio so far; it may still change. Empty before any word is heard.</summary>
    public string PartialText
    {
        get
        {
            if (finalText is not null)
            {
                return finalText;
            }
            return partialText ??= Run(d => d.Hypothesis());
        }
    }

    /// <summary>Decodes more audio: 16-bit mono samples at 16 kHz.</summary>
    /// <exception cref="InvalidOperationException">The stream is finished, or the utterance would exceed its maximum duration.</exception>
    public void Append(ReadOnlySpan<short> samples)
    {
        if (finalText is not null)
        {
            throw new InvalidOperationException("The utterance is already finished.");
        }
        if (SampleCount + samples.Length > maxSamples)
        {
            throw new InvalidOperationException(
                $"The audio is longer than the {TimeSpan.FromSeconds(maxSamples / (double)PocketsphinxSpeechToTextClient.SampleRate)} pocketsphinx accepts in one utterance.");
        }
        var decoding = Decoder;
        try
        {
            decoding.Process(samples);
        }
        catch
        {
            healthy = false;
            throw;
        }
        SampleCount += samples.Length;
        partialText = null;
    }

    /// <summary>Ends the utterance and returns its final text (empty for silence); later calls return the same text.</summary>
    public string Finish()
    {
        if (finalText is null)
        {
            finalText = Run(d =>
            {
                d.EndUtterance();
                return d.Hypothesis();
            });
            Release();
        }
        return finalText;
    }

    /// <summary>Returns the decoder to its pool, abandoning the utterance if it was not finished.</summary>
    public void Dispose()
    {
        if (decoder is null)
        {
            return;
        }
        try
        {
            if (finalText is null && healthy)
            {
                // The decoder must leave the utterance before another renter starts one.
                decoder.EndUtterance();
            }
        }
        catch (InvalidOperationException)
        {
            healthy = false;
        }
        finally
        {
            Release();
        }
    }

    private PocketsphinxDecoder Decoder => decoder ?? throw new ObjectDisposedException(nameof(PocketsphinxStream));

    private T Run<T>(Func<PocketsphinxDecoder, T> function)
    {
        try
        {
            return function(Decoder);
        }
        catch
        {
            healthy = false;
            throw;
        }
    }

    private void Release()
    {
        if (decoder is not null)
        {
            pool.Return(decoder, healthy);
            decoder = null;
        }
    }
}
