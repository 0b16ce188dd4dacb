using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Omnia.Server.Auth;
using Omnia.Server.Errors;

namespace Omnia.Server.Realtime.ClientSecrets;

/// <summary>
/// Mints and verifies the Realtime API's ephemeral client secrets without storing them: a secret is
/// <c>ek_KID.PAYLOAD.MAC</c>, the payload (base64url JSON: who minted it, when it expires, the model and session it
/// opens, a random nonce) signed with HMAC-SHA256. Any node that holds the same signing key verifies it.
/// </summary>
/// <remarks>
/// The signing key is, in order: the configured <see cref="OmniaServerOptions.ClientSecretKey"/> (kid <c>s</c>), so
/// nodes that share it accept each other's secrets whatever their API keys; else the API key that minted the secret
/// (kid = that key's id), so nodes sharing API keys accept each other's secrets and dropping a key revokes its
/// secrets; else, on a server without API keys, a random key of this process (kid <c>p</c>). Each key is derived
/// from its source with HMAC-SHA256 under a fixed label, so an API key is never the MAC key itself. Safe for
/// concurrent use.
/// </remarks>
internal sealed class ClientSecretSigner
{
    public const string Prefix = "ek_";

    /// <summary>The session JSON a secret may carry: it rides in a header, whose total Kestrel caps at 32 KiB.</summary>
    public const int MaxSessionBytes = 8 * 1024;

    /// <summary>Longest token read: a bigger one was not minted here, and is refused before it is decoded.</summary>
    private const int MaxSecretChars = 16 * 1024;

    private const string ConfiguredKid = "s";
    private const string ProcessKid = "p";
    private static readonly byte[] Label = "omnia realtime client secret v1"u8.ToArray();

    private readonly TimeProvider _time;
    private readonly byte[]? _configured;
    private readonly byte[]? _process;
    private readonly Dictionary<string, List<byte[]>> _byApiKeyId = new(StringComparer.Ordinal);

    public ClientSecretSigner(IOptions<OmniaServerOptions> options, TimeProvider time)
    {
        _time = time;
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.ClientSecretKey))
        {
            _configured = Derive(settings.ClientSecretKey);
            return;
        }
        foreach (var key in settings.ApiKeys)
        {
            var id = ApiKeyIdentity.IdOf(ApiKeyIdentity.Digest(key));
            if (!_byApiKeyId.TryGetValue(id, out var keys)) _byApiKeyId[id] = keys = [];
            keys.Add(Derive(key));
        }
        if (_byApiKeyId.Count == 0) _process = RandomNumberGenerator.GetBytes(32);
    }

    /// <summary>A secret for <paramref name="keyId"/>'s caller that opens <paramref name="session"/> until <paramref name="expiresAt"/>.</summary>
    public string Mint(string keyId, string? model, JsonObject session, DateTimeOffset expiresAt)
    {
        var (kid, key) = _configured is not null ? (ConfiguredKid, _configured)
            : _process is not null ? (ProcessKid, _process)
            : (keyId, _byApiKeyId.TryGetValue(keyId, out var keys) ? keys[0] : throw new InvalidOperationException($"No API key with id {keyId}."));
        var payload = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["i"] = keyId,
            ["e"] = expiresAt.ToUnixTimeSeconds(),
            ["m"] = model,
            ["n"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["s"] = session.DeepClone(),
        });
        var signed = Prefix + kid + "." + Base64Url.EncodeToString(payload);
        return signed + "." + Base64Url.EncodeToString(Mac(key, signed));
    }

    /// <summary>The grant of a genuine, unexpired secret; a 401 saying what is wrong otherwise.</summary>
    public ClientSecretGrant Verify(string secret)
    {
        if (secret.Length > MaxSecretChars || !secret.StartsWith(Prefix, StringComparison.Ordinal)) throw Invalid();
        var parts = secret[Prefix.Length..].Split('.');
        if (parts.Length != 3) throw Invalid();
        var signed = secret[..(secret.Length - parts[2].Length - 1)];
        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        var genuine = false;
        foreach (var key in KeysFor(parts[0]))
            genuine |= CryptographicOperations.FixedTimeEquals(Mac(key, signed), mac);
        if (!genuine) throw Invalid();

        // Signed by us: the payload is ours, so a malformed one is a bug, not an attack.
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload["e"]!.GetValue<long>());
        if (_time.GetUtcNow() >= expiresAt)
            throw new ApiException(401, $"The client secret expired at {expiresAt:u}: mint a new one (POST /v1/realtime/client_secrets).",
                ApiException.InvalidRequest, null, "client_secret_expired");
        return new ClientSecretGrant(payload["i"]!.GetValue<string>(), payload["m"]?.GetValue<string>(), payload["s"]!.AsObject(), expiresAt);
    }

    private IEnumerable<byte[]> KeysFor(string kid) => kid switch
    {
        ConfiguredKid when _configured is not null => [_configured],
        ProcessKid when _process is not null => [_process],
        _ => _byApiKeyId.TryGetValue(kid, out var keys) ? keys : [],
    };

    private static ApiException Invalid() =>
        new(401, "Invalid client secret: it was not minted by this server (or one sharing its keys), or it was altered.",
            ApiException.InvalidRequest, null, "invalid_client_secret");

    private static byte[] Derive(string source) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(source), Label);

    private static byte[] Mac(byte[] key, string signed) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed));
}
