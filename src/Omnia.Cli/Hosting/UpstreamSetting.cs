using System.Globalization;

namespace Omnia.Cli.Hosting;

/// <summary>
/// One upstream as configured: in appsettings.json (<c>Omnia:Upstreams</c>) or as
/// <c>--upstream NAME=URL[,model=M][,key=K][,timeout=SECONDS]</c>, where URL is the API base such as <c>http://host:8000/v1</c>.
/// </summary>
public sealed record UpstreamSetting
{
    /// <summary>The public model name clients ask for.</summary>
    public string Name { get; init; } = "";

    public string BaseUrl { get; init; } = "";

    /// <summary>The model name at the upstream; defaults to <see cref="Name"/>.</summary>
    public string? Model { get; init; }

    public string? ApiKey { get; init; }
    public int TimeoutSeconds { get; init; } = 120;

    public static UpstreamSetting Parse(string flag)
    {
        var equals = flag.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) throw new FormatException($"--upstream '{flag}' must look like NAME=URL[,model=M][,key=K][,timeout=SECONDS].");
        var parts = flag[(equals + 1)..].Split(',');
        var setting = new UpstreamSetting { Name = flag[..equals], BaseUrl = parts[0] };
        foreach (var part in parts.Skip(1))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, "");
            setting = key switch
            {
                "model" => setting with { Model = value },
                "key" => setting with { ApiKey = value },
                "timeout" => setting with { TimeoutSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new FormatException($"--upstream '{flag}': unknown setting '{key}' (model, key or timeout)."),
            };
        }
        return setting;
    }
}
