using System.Security.Cryptography;
using System.Text;

namespace Omnia.Server.Auth;

/// <summary>
/// Who made a request, as a request feature: the API key's id, never the key. The id is the first 8 hex digits of the
/// key's SHA-256 (<c>printf %s KEY | sha256sum | cut -c1-8</c>), safe to show in <c>/metrics</c> and logs.
/// </summary>
public sealed record ApiKeyIdentity(string KeyId)
{
    /// <summary>Every client of a server without API keys: they share one budget.</summary>
    public static readonly ApiKeyIdentity Anonymous = new("anonymous");

    public static string IdOf(byte[] keyDigest) => Convert.ToHexStringLower(keyDigest, 0, 4);

    public static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
