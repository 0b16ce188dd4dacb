using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime.ClientSecrets;

/// <summary>
/// What a verified <c>ek_</c> client secret allows, set as a request feature by the API key middleware: one realtime
/// session that starts with <paramref name="Session"/> applied (as if a <c>session.update</c> came first), on
/// <paramref name="Model"/> when the secret names one, on behalf of the API key <paramref name="KeyId"/> that minted it.
/// </summary>
internal sealed record ClientSecretGrant(string KeyId, string? Model, JsonObject Session, DateTimeOffset ExpiresAt);
