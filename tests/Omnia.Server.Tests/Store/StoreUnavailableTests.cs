using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Omnia.Cli.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnia.Server.Errors;
using Omnia.Server.Tests.Errors;
using Omnia.Storage;
using Omnia.Store;

namespace Omnia.Server.Tests.Store;

/// <summary>
/// A store that fails (here the SQLite data directory removed under a running server) is a 503 in OpenAI's shape
/// naming the store, logged with the database's own words, and the next request after it comes back succeeds.
/// </summary>
public sealed class StoreUnavailableTests : IDisposable
{
    private readonly DirectoryInfo _dataDir = Directory.CreateTempSubdirectory("omnia-store-503-");
    private readonly CapturingLogger<ErrorHandlingMiddleware> _log = new();

    public void Dispose()
    {
        if (_dataDir.Exists) _dataDir.Delete(recursive: true);
    }

    private ErrorHandlingMiddleware Middleware(IConversationStore store) =>
        new(async context =>
        {
            var conversation = await store.GetAsync("conv_1", context.RequestAborted);
            context.Response.StatusCode = conversation is null ? 404 : 200;
        }, Options.Create(new OmniaServerOptions()), TimeProvider.System, _log);

    private static async Task<(int Status, JsonElement Body)> RunAsync(ErrorHandlingMiddleware middleware)
    {
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        await middleware.InvokeAsync(context);
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length == 0 ? default : JsonDocument.Parse(context.Response.Body).RootElement.Clone();
        return (context.Response.StatusCode, body);
    }

    [Fact]
    public async Task A_removed_data_directory_is_a_503_naming_SQLite_and_the_store_recovers_when_it_is_back()
    {
        var database = new StoreDatabase(StoreLocation.InDataDirectory(_dataDir.FullName));
        await database.MigrateAsync(CancellationToken.None);
        await database.Conversations.CreateAsync(new StoredConversation("conv_1", DateTimeOffset.UnixEpoch, "{}"), [], CancellationToken.None);
        var middleware = Middleware(database.Conversations);
        Assert.Equal(200, (await RunAsync(middleware)).Status);

        _dataDir.Delete(recursive: true);
        var (status, body) = await RunAsync(middleware);

        Assert.Equal(503, status);
        var error = body.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("store_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("SQLite", error.GetProperty("message").GetString());
        Assert.DoesNotContain(_dataDir.FullName, error.GetProperty("message").GetString());
        var logged = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("unable to open database file", logged.Message);

        // Back (an operator restored the directory): the same server answers again, on a fresh schema.
        await database.MigrateAsync(CancellationToken.None);
        Assert.Equal(404, (await RunAsync(middleware)).Status);
    }

    [Fact]
    public async Task A_running_server_answers_503_while_its_data_directory_is_gone_and_keeps_serving()
    {
        var models = Directory.CreateDirectory(Path.Combine(_dataDir.FullName, "models"));
        var dataDir = Path.Combine(_dataDir.FullName, "data");
        await using var app = ServeHost.Build(new ServeSettings { Port = 0, ModelsDir = models.FullName, Offline = true, DataDir = dataDir });
        // A stand-in for the Responses and Conversations endpoints: a store call through the server's own pipeline.
        app.MapGet("/v1/store-probe/{id}", async (string id, IConversationStore store, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken) is null ? Results.NotFound() : Results.Ok());
        await ServeHost.StartAsync(app, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/store-probe/conv_1")).StatusCode);

        Directory.Delete(dataDir, recursive: true);
        using var failed = await http.GetAsync("/v1/store-probe/conv_1");
        var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        using var health = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("store_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("SQLite", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await app.Services.GetRequiredService<StoreDatabase>().MigrateAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/store-probe/conv_1")).StatusCode);
        await app.StopAsync();
    }
}
