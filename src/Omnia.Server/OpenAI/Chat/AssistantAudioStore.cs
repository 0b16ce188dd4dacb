using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>
/// Remembers the transcript of each spoken answer for an hour, so a later turn can refer to it by
/// <c>{"role":"assistant","audio":{"id":…}}</c> as OpenAI allows. Bounded: the oldest entries go first.
/// </summary>
public sealed class AssistantAudioStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (string Transcript, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public (string Id, DateTimeOffset ExpiresAt) Add(string transcript) =>
        Add("audio_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), transcript);

    /// <summary>Stores under an id already sent to the client (a streamed answer announces its id before it is complete).</summary>
    public (string Id, DateTimeOffset ExpiresAt) Add(string id, string transcript)
    {
        var expires = time.GetUtcNow() + Lifetime;
        _entries[id] = (transcript, expires);
        _order.Enqueue(id);
        while (_entries.Count > Capacity && _order.TryDequeue(out var oldest)) _entries.TryRemove(oldest, out _);
        return (id, expires);
    }

    public bool TryGetTranscript(string id, out string transcript)
    {
        transcript = "";
        if (!_entries.TryGetValue(id, out var entry)) return false;
        if (entry.ExpiresAt <= time.GetUtcNow())
        {
            _entries.TryRemove(id, out _);
            return false;
        }
        transcript = entry.Transcript;
        return true;
    }
}
