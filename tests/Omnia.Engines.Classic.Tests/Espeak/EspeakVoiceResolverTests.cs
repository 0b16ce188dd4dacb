using Omnia.Engines.Classic.Espeak;

namespace Omnia.Engines.Classic.Tests.Espeak;

public class EspeakVoiceResolverTests
{
    // The shape of espeak-ng-data's list: several voices share a language, with the preferred one marked by file name.
    private static readonly EspeakVoice[] Voices =
    [
        new("English (Great Britain)", "gmw/en", ["en-gb", "en"]),
        new("English (America)", "gmw/en-US", ["en-us", "en"]),
        new("French (Belgium)", "roa/fr-BE", ["fr-be", "fr"]),
        new("French (France)", "roa/fr", ["fr-fr", "fr"]),
        new("Chinese (Mandarin, latin as English)", "sit/cmn", ["cmn", "zh-cmn", "zh"]),
    ];

    [Theory]
    [InlineData("en-us", "gmw/en-US")]
    [InlineData("en-US", "gmw/en-US")]
    [InlineData("en_US", "gmw/en-US")]
    [InlineData("gmw/en-US", "gmw/en-US")]
    [InlineData("English (America)", "gmw/en-US")]
    [InlineData("en", "gmw/en")]
    [InlineData("fr", "roa/fr")]
    [InlineData("fr-CA", "roa/fr")]
    [InlineData("en-AU", "gmw/en")]
    [InlineData("zh", "sit/cmn")]
    [InlineData("en-us+f3", "gmw/en-US+f3")]
    public void Ids_resolve_to_voice_files(string id, string expected) =>
        Assert.Equal(expected, EspeakVoiceResolver.Resolve(id, Voices));

    [Theory]
    [InlineData("klingon")]
    [InlineData("xx-unknown")]
    public void Unknown_ids_resolve_to_nothing(string id) => Assert.Null(EspeakVoiceResolver.Resolve(id, Voices));
}
