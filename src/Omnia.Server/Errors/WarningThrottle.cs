namespace Omnia.Server.Errors;

/// <summary>
/// Lets one warning of a kind through per interval and counts the rest, so a burst of expected failures (hundreds of
/// 503 <c>overloaded</c> in a second) is one log line that says how many it stands for.
/// </summary>
/// <remarks>Thread-safe: requests failing at once race on one lock held for a comparison.</remarks>
internal sealed class WarningThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private int _suppressed;

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> is how many were not since the last.</summary>
    public bool TryEnter(out int suppressed)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _next)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }
            _next = now + interval;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
