using System.Net;
using System.Net.Sockets;

namespace Omnia.Server.OpenAI.Media;

/// <summary>
/// The connect step of an <see cref="SocketsHttpHandler"/> that checks every address after DNS resolution against
/// <see cref="AddressPolicy"/>, so neither a hostname nor a redirect reaches the server's own network (DNS
/// rebinding included). Shared by every server-side fetch: images and remote MCP servers.
/// </summary>
internal static class GuardedConnect
{
    /// <summary>A handler whose connections obey the policy unless <paramref name="allowPrivate"/>.</summary>
    public static SocketsHttpHandler Handler(bool allowPrivate, TimeSpan connectTimeout) => new()
    {
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivate, cancellationToken),
        ConnectTimeout = connectTimeout,
    };

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !AddressPolicy.IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
            throw new ForbiddenAddressException(addresses.Length > 0 ? addresses[0] : IPAddress.None);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The forbidden address a failure was caused by, looking through the exceptions that wrap it.</summary>
    public static IPAddress? Forbidden(Exception? failure)
    {
        for (; failure is not null; failure = failure.InnerException)
            if (failure is ForbiddenAddressException forbidden) return forbidden.Address;
        return null;
    }

    private sealed class ForbiddenAddressException(IPAddress address) : IOException($"{address} is a forbidden address.")
    {
        public IPAddress Address { get; } = address;
    }
}
