namespace Omnia.Core.Tests.Models.Download;

/// <summary>Faults the mirror injects (names say what the fake does).</summary>
public enum HubFault
{
    None,

    /// <summary>Sends the first N bytes of the body, then closes the connection.</summary>
    CutAfter,

    /// <summary>Sends the first N bytes of the body, then sends nothing more.</summary>
    StallAfter,

    /// <summary>Never sends response headers.</summary>
    NoHeaders,

    /// <summary>Answers a Range request with the whole file (200).</summary>
    IgnoreRange,
}
