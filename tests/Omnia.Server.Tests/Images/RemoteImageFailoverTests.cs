using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Omnia.Cli.Hosting;
using Omnia.Tests;

namespace Omnia.Server.Tests.Images;

/// <summary>
/// An image model over two upstreams of one name (<c>--upstream painter=…,role=image</c> twice): the real Omnia of
/// <see cref="ImageServerFixture"/> beside a fake that only injects faults, or a port nothing listens on.
/// </summary>
public sealed class RemoteImageFailoverTests(ImageServerFixture fixture) : IClassFixture<ImageServerFixture>
{
    private const int Requests = 4;

    private string Real => new Uri(fixture.Server.BaseAddress, "v1").ToString();

    [Fact]
    public async Task With_one_upstream_down_every_generation_is_answered_by_the_other()
    {
        await using var front = await StartFrontAsync(ClosedPort(), Real);

        for (var i = 0; i < Requests; i++)
        {
            using var response = await GenerateAsync(front);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_upstream_answering_500_fails_over_to_the_other()
    {
        await using var failing = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        failing.ImageStatus = 500;
        await using var front = await StartFrontAsync(failing.BaseUrl.ToString(), Real);

        for (var i = 0; i < Requests; i++)
        {
            using var response = await GenerateAsync(front);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.InRange(failing.ImageRequests, 1, Requests); // least-in-flight sent it some first attempts
    }

    [Fact]
    public async Task An_upstreams_400_is_returned_and_not_retried_on_the_other()
    {
        await using var refusing = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        refusing.ImageStatus = 400;
        await using var front = await StartFrontAsync(refusing.BaseUrl.ToString(), Real);

        var refused = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await GenerateAsync(front);
            if (response.StatusCode == HttpStatusCode.OK) continue;
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Contains(refusing.ImageMessage, error.GetProperty("message").GetString(), StringComparison.Ordinal);
            refused++;
        }

        // Every request that reached the refusing upstream got its 400: none went on to the working one.
        Assert.InRange(refusing.ImageRequests, 1, Requests);
        Assert.Equal(refusing.ImageRequests, refused);
    }

    [Fact]
    public async Task With_both_upstreams_down_a_generation_is_a_502_naming_the_last_one_tried()
    {
        await using var a = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var b = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var front = await StartFrontAsync(a.BaseUrl.ToString(), b.BaseUrl.ToString());

        using var response = await GenerateAsync(front);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal((1, 1), (a.ImageRequests, b.ImageRequests));
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(new[] { a, b }, u => message.Contains($"{u.BaseUrl.Host}:{u.BaseUrl.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edit_fails_over_to_the_other_upstream()
    {
        await using var busy = await FaultInjectingUpstream.StartAsync(FaultInjectingUpstream.Fault.Unavailable);
        await using var front = await StartFrontAsync(busy.BaseUrl.ToString(), Real);

        for (var i = 0; i < Requests; i++)
        {
            using var content = ImageEditsTests.Form(TestPictures.Blocks(256, 256), ("model", "painter"), ("prompt", "cat"), ("size", "256x256"));
            using var response = await front.Http.PostAsync("v1/images/edits", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.InRange(busy.ImageRequests, 1, Requests);
    }

    [Fact]
    public async Task Chat_and_image_upstreams_under_one_name_are_a_configuration_error()
    {
        await using var front = await OmniaServerInstance.StartAsync(Settings(
            UpstreamSetting.Parse($"painter={Real},model={ImageServerFixture.ModelId},role=image"),
            UpstreamSetting.Parse($"painter={Real},model=stories260k")));

        var models = await front.Http.GetFromJsonAsync<JsonElement>("v1/models");
        var painter = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "painter");

        Assert.Equal("failed", painter.GetProperty("status").GetString());
    }

    private static Task<HttpResponseMessage> GenerateAsync(OmniaServerInstance front) =>
        front.Http.PostAsJsonAsync("v1/images/generations", new { model = "painter", prompt = "cat", size = "256x256" });

    /// <summary>A loopback URL nothing listens on: connections to it are refused.</summary>
    private static string ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/v1";
    }

    private static Task<OmniaServerInstance> StartFrontAsync(params string[] urls) => OmniaServerInstance.StartAsync(Settings(
        [.. urls.Select(url => UpstreamSetting.Parse($"painter={url},model={ImageServerFixture.ModelId},role=image"))]));

    private static ServeSettings Settings(params UpstreamSetting[] upstreams) => new()
    {
        ChatModel = "stories260k",
        Parallel = 1,
        ContextSize = 256,
        Threads = 1,
        Upstreams = upstreams,
    };
}
