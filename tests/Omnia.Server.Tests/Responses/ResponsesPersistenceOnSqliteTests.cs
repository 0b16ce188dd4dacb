using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.Responses;

/// <summary>A restart on the same <c>--data-dir</c> (SQLite) loses nothing stored.</summary>
public sealed class ResponsesPersistenceOnSqliteTests : ResponsesPersistenceTests, IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("omnia-responses-").FullName;

    protected override ServeSettings OnStore(ServeSettings settings) => settings with { DataDir = _dataDir };

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
