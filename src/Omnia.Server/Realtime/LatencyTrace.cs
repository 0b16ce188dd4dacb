using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime;

/// <summary>
/// One turn's timeline, in milliseconds after the true end of speech (when the audio holding the last speech sample
/// arrived): turn decided, final transcript, first token, first synthesized audio, first audio delta queued.
/// </summary>
internal sealed class LatencyTrace(TimeProvider time, long speechEndTimestamp, double audioEndMs)
{
    private readonly Dictionary<string, double> _marks = [];

    public double AudioEndMs { get; } = audioEndMs;

    /// <summary>Whether the answer was started at the first silent frame, before the turn was decided.</summary>
    public bool Speculative { get; init; }

    public void Mark(string stage)
    {
        lock (_marks) _marks.TryAdd(stage, time.GetElapsedTime(speechEndTimestamp).TotalMilliseconds);
    }

    public double? this[string stage]
    {
        get
        {
            lock (_marks) return _marks.TryGetValue(stage, out var ms) ? ms : null;
        }
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["audio_end_ms"] = AudioEndMs, ["speculative"] = Speculative };
        lock (_marks)
            foreach (var (stage, ms) in _marks) json[stage + "_ms"] = Math.Round(ms, 1);
        return json;
    }

    public IReadOnlyDictionary<string, double> Marks
    {
        get
        {
            lock (_marks) return new Dictionary<string, double>(_marks);
        }
    }
}
