namespace Omnia.Vad;

/// <summary>A streaming speech classifier that turns one fixed-size frame of mono audio into a speech probability.</summary>
/// <remarks>
/// An instance carries the recurrent state of one audio stream, so frames must be fed in order and from one caller
/// at a time. Create one instance per stream (see <see cref="IVoiceActivityModelFactory"/>); the weights behind it may
/// be shared.
/// </remarks>
public interface IVoiceActivityModel : IDisposable
{
    /// <summary>Gets the sample rate, in hertz, of the frames this instance classifies.</summary>
    int SampleRate { get; }

    /// <summary>Gets the number of samples in one frame.</summary>
    int FrameSize { get; }

    /// <summary>Classifies the next frame of the stream and returns the probability, from 0 to 1, that it holds speech.</summary>
    /// <param name="frame">Exactly <see cref="FrameSize"/> samples in [-1, 1].</param>
    float Classify(ReadOnlySpan<float> frame);

    /// <summary>Forgets everything heard so far, as if the stream started again.</summary>
    void Reset();
}
