using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Realtime;

namespace Omnia.Server.Tests.Realtime.ClientSecrets;

/// <summary><c>POST /v1/realtime/client_secrets</c> and the ek_ secret it returns, through the official SDK and raw HTTP.</summary>
public sealed class ClientSecretsEndpointTests(KeyedStoriesServerFixture fixture) : IClassFixture<KeyedStoriesServerFixture>
{
    private const string ApiKey = KeyedStoriesServerFixture.ApiKey;
    private readonly OmniaServerInstance _server = fixture.Server;

    private RealtimeClient Sdk(string key) => new(new ApiKeyCredential(key), new RealtimeClientOptions { Endpoint = new Uri(_server.BaseAddress, "v1") });

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, JsonObject body, string? key = ApiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _server.Http.SendAsync(request);
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }

    private async Task<string> MintAsync(JsonObject session, int seconds = 60)
    {
        var (status, body) = await PostAsync("v1/realtime/client_secrets",
            new JsonObject { ["expires_after"] = new JsonObject { ["anchor"] = "created_at", ["seconds"] = seconds }, ["session"] = session });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("value").GetString()!;
    }

    private static JsonObject PirateSession() => new()
    {
        ["type"] = "realtime",
        ["model"] = "stories260k",
        ["instructions"] = "Speak like a pirate.",
        ["audio"] = new JsonObject { ["output"] = new JsonObject { ["voice"] = "ash" } },
    };

    [Fact]
    public async Task The_sdk_mints_a_secret_and_a_session_opened_with_it_starts_with_the_minted_configuration()
    {
        var minted = await Sdk(ApiKey).CreateRealtimeClientSecretAsync(new CreateClientSecretOptions
        {
            ExpirationPolicy = new RealtimeClientSecretExpirationPolicy { Seconds = 120 },
            SessionOptions = new RealtimeConversationSessionOptions
            {
                Instructions = "Tell tales of the sea.",
                AudioOptions = new RealtimeConversationSessionAudioOptions
                {
                    OutputAudioOptions = new RealtimeConversationSessionOutputAudioOptions { Voice = new RealtimeVoice("verse") },
                },
            },
        });

        Assert.StartsWith("ek_", minted.Value.Value);
        Assert.InRange(minted.Value.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddSeconds(125));
        Assert.Equal("Tell tales of the sea.", Assert.IsType<RealtimeConversationSession>(minted.Value.Session).Instructions);

        using var session = await Sdk(minted.Value.Value).StartConversationSessionAsync("stories260k");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            var created = Assert.IsType<RealtimeServerUpdateSessionCreated>(update);
            var started = Assert.IsType<RealtimeConversationSession>(created.Session);
            Assert.Equal("Tell tales of the sea.", started.Instructions);
            Assert.Equal("verse", started.AudioOptions.OutputAudioOptions.Voice.ToString());
            break;
        }
    }

    [Fact]
    public async Task A_browser_opens_the_session_with_the_secret_as_its_subprotocol_and_never_needs_the_key()
    {
        var secret = await MintAsync(PirateSession());

        await using var client = await RealtimeTestClient.ConnectAsync(_server.BaseAddress, query: "", configure: o =>
        {
            o.AddSubProtocol("realtime");
            o.AddSubProtocol("openai-insecure-api-key." + secret);
        });
        var session = (await client.WaitForAsync("session.created")).GetProperty("session");

        Assert.Equal("Speak like a pirate.", session.GetProperty("instructions").GetString());
        Assert.Equal("ash", session.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
        Assert.Equal("stories260k", session.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_secret_opens_nothing_but_the_realtime_socket()
    {
        var secret = await MintAsync(PirateSession());

        var (chat, chatBody) = await PostAsync("v1/chat/completions", ChatRequests.Body("Hi", 4), secret);
        var (mint, mintBody) = await PostAsync("v1/realtime/client_secrets", new JsonObject(), secret);
        using var models = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", secret) } };
        using var modelsResponse = await _server.Http.SendAsync(models);

        Assert.Equal(HttpStatusCode.Unauthorized, chat);
        Assert.Equal("invalid_client_secret", chatBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("/v1/realtime", chatBody.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, mint);
        Assert.Equal("invalid_client_secret", mintBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, modelsResponse.StatusCode);
    }

    [Fact]
    public async Task An_altered_or_forged_secret_is_a_401_and_no_socket_opens()
    {
        var secret = await MintAsync(PirateSession());
        var parts = secret.Split('.');
        var altered = parts[0] + "." + parts[1][..^4] + "AAAA." + parts[2];
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);

        foreach (var bad in new[] { altered, forged, "ek_nothing" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/realtime") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", bad) } };
            using var response = await _server.Http.SendAsync(request);
            var error = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("error");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client_secret", error.GetProperty("code").GetString());
            Assert.Contains("Invalid client secret", error.GetProperty("message").GetString());
            await Assert.ThrowsAsync<WebSocketException>(() => RealtimeTestClient.ConnectAsync(_server.BaseAddress, configure: o => o.AddSubProtocol("openai-insecure-api-key." + bad)));
        }
    }

    [Fact]
    public async Task Minting_needs_the_api_key()
    {
        var (status, body) = await PostAsync("v1/realtime/client_secrets", new JsonObject(), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("missing_api_key", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_model_query_that_disagrees_with_the_secrets_model_is_a_400()
    {
        var secret = await MintAsync(PirateSession());

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", "Bearer " + secret);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(
            new UriBuilder(_server.BaseAddress) { Scheme = "ws", Path = "/v1/realtime", Query = "model=another-model" }.Uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("""{"expires_after":{"seconds":9}}""", "expires_after.seconds")]
    [InlineData("""{"expires_after":{"seconds":7201}}""", "expires_after.seconds")]
    [InlineData("""{"expires_after":{"seconds":"600"}}""", "expires_after.seconds")]
    [InlineData("""{"expires_after":{"anchor":"now"}}""", "expires_after.anchor")]
    [InlineData("""{"session":{"type":"conversation"}}""", "session.type")]
    [InlineData("""{"session":{"type":"transcription"}}""", "session.type")]
    [InlineData("""{"session":"realtime"}""", "session")]
    [InlineData("""{"session":{"type":"realtime","audio":{"output":{"speed":9}}}}""", "session.audio.output.speed")]
    [InlineData("""{"session":{"type":"realtime","tool_choice":"sometimes"}}""", "session.tool_choice")]
    [InlineData("""{"session":{"type":"realtime","model":"no-such-model"}}""", "session.model")]
    // A secret is signed, not encrypted: an MCP server's credentials in it would be readable by whoever holds it.
    [InlineData("""{"session":{"type":"realtime","tools":[{"type":"mcp","server_label":"m","server_url":"https://example.com/mcp","headers":{"X-Key":"k"}}]}}""", "session.tools[0].headers")]
    [InlineData("""{"session":{"type":"realtime","tools":[{"type":"mcp","server_label":"m","server_url":"https://example.com/mcp","authorization":"tok"}]}}""", "session.tools[0].authorization")]
    public async Task A_bad_body_is_a_400_naming_the_field(string body, string param)
    {
        var (status, error) = await PostAsync("v1/realtime/client_secrets", JsonNode.Parse(body)!.AsObject());

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, error.ToString());
        Assert.Equal(param, error.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task A_session_too_large_to_travel_in_a_header_is_a_400()
    {
        var (status, error) = await PostAsync("v1/realtime/client_secrets",
            new JsonObject { ["session"] = new JsonObject { ["type"] = "realtime", ["instructions"] = new string('x', 9000) } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("session_too_large", error.GetProperty("error").GetProperty("code").GetString());
    }
}
