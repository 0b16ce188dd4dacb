using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omnia.Tests;

namespace Omnia.Server.Tests.Images;

/// <summary>Edits on a model that cannot edit, and uploads past the server's body limit.</summary>
public sealed class ImageEditLimitsTests(TextOnlyImageServerFixture fixture) : IClassFixture<TextOnlyImageServerFixture>
{
    [Fact]
    public async Task A_model_without_a_vae_encoder_answers_edits_with_a_400_naming_the_image()
    {
        using var content = ImageEditsTests.Form(TestPictures.Blocks(256, 256), ("prompt", "cat"));

        using var response = await fixture.Server.Http.PostAsync("v1/images/edits", content);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("image", error.GetProperty("param").GetString());
        Assert.Contains("cannot edit", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_past_the_body_limit_is_a_413()
    {
        var huge = new byte[2 * 1024 * 1024];
        TestPictures.Blocks(64, 64).CopyTo(huge, 0);
        using var content = ImageEditsTests.Form(huge, ("prompt", "cat"));

        using var response = await fixture.Server.Http.PostAsync("v1/images/edits", content);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }
}
