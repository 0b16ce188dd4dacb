namespace Omnia.Storage;

/// <summary>
/// The store could not be read or written (database down, disk full, lock timeout). The server answers 503 naming
/// the store; the caller's work is not reported as done.
/// </summary>
public sealed class StoreUnavailableException(string storeName, Exception inner)
    : Exception($"The {storeName} store is unavailable: {inner.Message}", inner)
{
    /// <summary>"SQLite" or "PostgreSQL": what the operator must look at.</summary>
    public string StoreName { get; } = storeName;
}
