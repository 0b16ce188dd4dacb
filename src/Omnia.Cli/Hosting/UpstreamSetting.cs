using System.Globalization;
using Omnia.Engines.Remote;

namespace Omnia.Cli.Hosting;

/// <summary>
/// One upstream as configured: in appsettings.json (<c>Omnia:Upstreams</c>) or as
/// <c>--upstream NAME=URL[,model=M][,key=K][,timeout=SECONDS][,routing=R][,role=chat|image]</c>, where URL is the API
/// base such as <c>http://host:8000/v1</c>.
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

    /// <summary>
    /// How a chat model's upstreams are chosen: <c>prefix-affinity</c> (null: the default) or <c>least-in-flight</c>;
    /// refused on an image model, which always goes by least in flight.
    /// </summary>
    public string? Routing { get; init; }

    /// <summary>
    /// What the upstream serves: <c>chat</c> (null: the default), or <c>image</c> for an images endpoint served as an
    /// image model (only the first upstream of an image model's name is used).
    /// </summary>
    public string? Role { get; init; }

    public bool IsImage => Role == "image";

    public static UpstreamSetting Parse(string flag)
    {
        var equals = flag.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) throw new FormatException($"--upstream '{flag}' must look like NAME=URL[,model=M][,key=K][,timeout=SECONDS][,routing=R][,role=chat|image].");
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
                "routing" => setting with { Routing = ParseRouting(value).ToString() },
                "role" when value is "chat" or "image" => setting with { Role = value },
                "role" => throw new FormatException($"--upstream '{flag}': role is chat or image, not '{value}'."),
                _ => throw new FormatException($"--upstream '{flag}': unknown setting '{key}' (model, key, timeout, routing or role)."),
            };
        }
        return setting;
    }

    /// <summary>The routing a model's upstreams name; they must agree, and naming none means prefix affinity.</summary>
    public static UpstreamRouting RoutingOf(IEnumerable<UpstreamSetting> upstreams)
    {
        var named = upstreams.Where(u => u.Routing is not null).Select(u => ParseRouting(u.Routing!)).Distinct().ToList();
        return named.Count switch
        {
            0 => UpstreamRouting.PrefixAffinity,
            1 => named[0],
            _ => throw new FormatException($"The upstreams of one model name different routings ({string.Join(", ", named)}); name the same for all."),
        };
    }

    /// <summary>
    /// Checks the upstreams of an image model: all of them <c>role=image</c>, and none naming a routing, which only
    /// chat has (an image request has no conversation prefix to route by: its upstreams are chosen by least in flight).
    /// </summary>
    public static void CheckImageModel(IReadOnlyCollection<UpstreamSetting> upstreams)
    {
        if (upstreams.Any(u => !u.IsImage))
            throw new FormatException(
                $"The upstreams of model '{upstreams.First().Name}' mix role=image and chat; one name serves one role, so give the chat upstreams another name.");
        if (upstreams.FirstOrDefault(u => u.Routing is not null) is { } routed)
            throw new FormatException(
                $"Upstream model '{routed.Name}' is role=image, whose requests always go to the least busy upstream; routing= applies to chat models only.");
    }

    /// <summary>Kebab case as on the command line (<c>least-in-flight</c>) or the enum's name as in appsettings.json.</summary>
    private static UpstreamRouting ParseRouting(string value) =>
        value.All(c => char.IsAsciiLetter(c) || c == '-')
        && Enum.TryParse<UpstreamRouting>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var routing)
            ? routing
            : throw new FormatException($"Upstream routing '{value}' is not prefix-affinity or least-in-flight.");
}
