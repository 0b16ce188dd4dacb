namespace Omnia.Server.Tests;

[Collection(StoriesServerCollection.Name)]
public sealed class ModerationNotConfiguredTests(StoriesServerFixture fixture)
{
    [Fact]
    public async Task Without_a_moderation_model_moderations_is_a_404_that_says_how_to_add_one()
    {
        var (status, json) = await ChatRequests.PostRawAsync(fixture.Server.Http, """{"input":"hi"}""", "v1/moderations");

        Assert.Equal(404, status);
        var error = json.GetProperty("error");
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains("omnia pull llama-guard-3-1b", error.GetProperty("message").GetString());
        Assert.Contains("--moderation-model", error.GetProperty("message").GetString());
    }
}
