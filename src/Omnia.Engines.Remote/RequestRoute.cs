namespace Omnia.Engines.Remote;

/// <summary>One request's way through the upstreams: its conversation's prefix, the upstream known to hold it, and those already tried.</summary>
internal sealed class RequestRoute(ConversationPrefix? prefix, (UInt128 Key, Upstream Upstream)? known)
{
    /// <summary>Null when routing ignores conversations, or the request has nothing to key.</summary>
    public ConversationPrefix? Prefix { get; } = prefix;

    /// <summary>The longest prefix of this conversation served before, and by which upstream.</summary>
    public (UInt128 Key, Upstream Upstream)? Known { get; } = known;

    public HashSet<Upstream> Tried { get; } = [];

    /// <summary>The upstream of the latest attempt, whose failure is the one reported.</summary>
    public Upstream? Last { get; private set; }

    public void Attempting(Upstream upstream)
    {
        Tried.Add(upstream);
        Last = upstream;
    }
}
