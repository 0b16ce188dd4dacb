namespace Omnia.Store;

/// <summary>Which database keeps the store.</summary>
public enum StoreProvider
{
    /// <summary>One file in the data directory; nothing to install (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by several nodes.</summary>
    PostgreSql,
}
