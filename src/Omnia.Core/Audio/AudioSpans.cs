namespace Omnia.Audio;

/// <summary>Argument checks shared by the span-based conversions.</summary>
internal static class AudioSpans
{
    public static void EnsureFits(int needed, int available)
    {
        if (available < needed)
        {
            throw new ArgumentException($"The destination holds {available} elements but {needed} are needed.");
        }
    }
}
