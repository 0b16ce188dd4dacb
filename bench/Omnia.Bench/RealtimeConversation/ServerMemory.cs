using System.Globalization;
using Omnia.Bench.Fuzz;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>
/// One reading of the server's memory: its RSS, and from its <c>/metrics</c> (.NET's <c>System.Runtime</c> meter) the
/// memory the GC had committed and the heap it kept at its last collection. RSS minus the GC's committed memory is
/// what the native engines and the runtime itself hold.
/// </summary>
internal sealed record ServerMemory(TimeSpan At, long Rss, long? GcCommitted, long? GcHeap)
{
    public static async Task<ServerMemory?> ReadAsync(int pid, HttpClient? metrics, TimeSpan at, CancellationToken cancellationToken)
    {
        if (ProcessMemory.Rss(pid) is not { } rss) return null;
        if (metrics is null) return new ServerMemory(at, rss, null, null);
        string text;
        try
        {
            text = await metrics.GetStringAsync("metrics", cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new ServerMemory(at, rss, null, null);
        }
        return new ServerMemory(at, rss, Sum(text, "dotnet_gc_last_collection_memory_committed_size_bytes"), Sum(text, "dotnet_gc_last_collection_heap_size_bytes"));
    }

    /// <summary>The sum of a metric's samples over its labels (the heap size comes per generation); null when absent.</summary>
    private static long? Sum(string prometheus, string metric)
    {
        long? sum = null;
        foreach (var line in prometheus.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length || line[metric.Length] is not (' ' or '{')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var valueIndex = line[metric.Length] == '{' ? Array.FindIndex(parts, p => p.EndsWith('}')) + 1 : 1;
            if (valueIndex <= 0 || valueIndex >= parts.Length) continue;
            if (double.TryParse(parts[valueIndex], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) sum = (sum ?? 0) + (long)value;
        }
        return sum;
    }
}
