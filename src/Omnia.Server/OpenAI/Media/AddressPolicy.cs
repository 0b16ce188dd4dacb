using System.Net;
using System.Net.Sockets;

namespace Omnia.Server.OpenAI.Media;

/// <summary>Which addresses a server-side fetch must never reach: the machine itself, its private networks and cloud metadata.</summary>
internal static class AddressPolicy
{
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10                                  // private
                || b[0] == 172 && b[1] is >= 16 and <= 31       // private
                || b[0] == 192 && b[1] == 168                   // private
                || b[0] == 169 && b[1] == 254                   // link-local, incl. 169.254.169.254 metadata
                || b[0] == 100 && b[1] is >= 64 and <= 127      // carrier-grade NAT
                || b[0] == 0                                    // "this network"
                || b[0] >= 224;                                 // multicast and reserved
        }
        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC                           // unique local fc00::/7, incl. fd00:ec2::254 metadata
            || address.IsIPv6Teredo;
    }
}
