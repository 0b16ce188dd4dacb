using System.Globalization;

namespace Omnia.Bench;

/// <summary>The 1-minute load average, so a table shows when other work shared the cores during a phase.</summary>
internal static class SystemLoad
{
    public static double OneMinute()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
