using Omnia.Cli.Hosting;

namespace Omnia.Server.Tests.Images;

/// <summary>The configuration of an image model's upstreams: one role per name, and no routing, which only chat has.</summary>
public sealed class ImageUpstreamSettingsTests
{
    [Fact]
    public void Image_and_chat_upstreams_under_one_name_are_refused_naming_it()
    {
        var error = Assert.Throws<FormatException>(() => UpstreamSetting.CheckImageModel(
            [UpstreamSetting.Parse("painter=http://a:1/v1,role=image"), UpstreamSetting.Parse("painter=http://b:1/v1")]));

        Assert.Contains("'painter'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("least-in-flight")]
    [InlineData("prefix-affinity")]
    public void A_routing_on_an_image_model_is_refused_as_chat_only(string routing)
    {
        var error = Assert.Throws<FormatException>(() => UpstreamSetting.CheckImageModel(
            [UpstreamSetting.Parse("painter=http://a:1/v1,role=image"), UpstreamSetting.Parse($"painter=http://b:1/v1,role=image,routing={routing}")]));

        Assert.Contains("routing=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_image_upstreams_of_one_name_are_accepted() =>
        UpstreamSetting.CheckImageModel([UpstreamSetting.Parse("painter=http://a:1/v1,role=image"), UpstreamSetting.Parse("painter=http://b:1/v1,role=image")]);
}
