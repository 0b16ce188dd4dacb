using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omnia.WebApp.Tests;

/// <summary>How the server hands out the built page: plain HTTP, no browser.</summary>
[Collection(WebAppCollection.Name)]
public sealed partial class WebAppServingTests(WebAppFixture fixture)
{
    [Fact]
    public async Task The_page_is_served_at_the_root_and_for_any_other_page_path_with_a_strict_content_policy()
    {
        foreach (var path in new[] { "/", "/c/some-conversation" })
        {
            using var response = await fixture.Server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>Omnia</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_good_and_unknown_api_routes_still_get_openai_errors()
    {
        var html = await fixture.Server.Http.GetStringAsync("/");
        var script = ScriptSource().Match(html).Groups[1].Value;
        Assert.StartsWith("/assets/", script, StringComparison.Ordinal);

        using var asset = await fixture.Server.Http.GetAsync(script);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var api = await fixture.Server.Http.GetAsync("/v1/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var error = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        Assert.Equal("unknown_url", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        using var missingAsset = await fixture.Server.Http.GetAsync("/assets/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missingAsset.StatusCode);
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
