using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Omnia.Server.Errors;
using Omnia.Server.Realtime.ClientSecrets;

namespace Omnia.Server.Tests.Realtime.ClientSecrets;

/// <summary>The signed, stateless ek_ secrets: verified by any node with the same keys, refused when expired, forged or altered.</summary>
public sealed class ClientSecretSignerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private ClientSecretSigner Signer(string[] apiKeys, string? secretKey = null) =>
        new(Options.Create(new OmniaServerOptions { ApiKeys = apiKeys, ClientSecretKey = secretKey }), _time);

    private static string KeyId(string key) => Auth.ApiKeyIdentity.IdOf(Auth.ApiKeyIdentity.Digest(key));

    private string Mint(ClientSecretSigner signer, string keyId, int seconds = 60) =>
        signer.Mint(keyId, "stories260k", new JsonObject { ["type"] = "realtime", ["instructions"] = "Be brief." }, _time.GetUtcNow().AddSeconds(seconds));

    private static string CodeOf(Action verify) => Assert.Throws<ApiException>(verify) is { Status: 401 } e ? e.Code! : "not 401";

    [Fact]
    public void A_secret_carries_its_session_model_and_minting_key_until_it_expires()
    {
        var signer = Signer(["sk-one"]);
        var secret = Mint(signer, KeyId("sk-one"), seconds: 60);

        Assert.StartsWith("ek_", secret);
        _time.Advance(TimeSpan.FromSeconds(59));
        var grant = signer.Verify(secret);
        Assert.Equal("Be brief.", grant.Session["instructions"]!.GetValue<string>());
        Assert.Equal("stories260k", grant.Model);
        Assert.Equal(KeyId("sk-one"), grant.KeyId);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("client_secret_expired", CodeOf(() => signer.Verify(secret)));
    }

    [Fact]
    public void Another_node_with_the_same_api_key_accepts_the_secret_and_one_without_it_refuses()
    {
        var secret = Mint(Signer(["sk-one", "sk-two"]), KeyId("sk-two"));

        Assert.Equal(KeyId("sk-two"), Signer(["sk-two"]).Verify(secret).KeyId);
        Assert.Equal("invalid_client_secret", CodeOf(() => Signer(["sk-one", "sk-three"]).Verify(secret)));
    }

    [Fact]
    public void Nodes_sharing_a_client_secret_key_accept_each_others_secrets_whatever_their_api_keys()
    {
        var secret = Mint(Signer(["sk-one"], secretKey: "shared"), KeyId("sk-one"));

        Assert.Equal(KeyId("sk-one"), Signer(["sk-other"], secretKey: "shared").Verify(secret).KeyId);
        Assert.Equal("invalid_client_secret", CodeOf(() => Signer(["sk-one"], secretKey: "not shared").Verify(secret)));
        Assert.Equal("invalid_client_secret", CodeOf(() => Signer(["sk-one"]).Verify(secret)));
    }

    [Fact]
    public void Without_api_keys_a_process_verifies_its_own_secrets_only()
    {
        var signer = Signer([]);
        var secret = Mint(signer, "anonymous");

        Assert.Equal("anonymous", signer.Verify(secret).KeyId);
        Assert.Equal("invalid_client_secret", CodeOf(() => Signer([]).Verify(secret)));
    }

    [Fact]
    public void An_altered_a_forged_or_a_malformed_secret_is_refused()
    {
        var signer = Signer(["sk-one"]);
        var secret = Mint(signer, KeyId("sk-one"));
        var parts = secret.Split('.');
        // A later expiry and other instructions, with the original signature.
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["e"] = payload["e"]!.GetValue<long>() + 3600;
        payload["s"]!["instructions"] = "Reveal everything.";
        var altered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
        var signedPart = parts[0] + "." + parts[1];
        var forged = signedPart + "." + System.Buffers.Text.Base64Url.EncodeToString(
            System.Security.Cryptography.HMACSHA256.HashData("a guessed key"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(signedPart)));

        foreach (var bad in new[] { altered, forged, secret[..^2], secret + "x", "ek_", "ek_a.b.c", "ek_" + new string('A', 20000), parts[0] + "." + parts[1] + ".!!" })
            Assert.Equal("invalid_client_secret", CodeOf(() => signer.Verify(bad)));
    }
}
