namespace Omnia.Cli.Pull;

/// <summary>Byte counts, rates and durations the way a person reads them.</summary>
internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };

    public static string Rate(double bytesPerSecond) => $"{Format((long)bytesPerSecond)}/s";

    public static string Duration(TimeSpan time) => time.TotalHours >= 1
        ? $"{(int)time.TotalHours}h{time.Minutes:00}m"
        : time.TotalMinutes >= 1 ? $"{time.Minutes}m{time.Seconds:00}s" : $"{Math.Ceiling(time.TotalSeconds):0}s";
}
