using Microsoft.Extensions.AI;
using Omnia.Errors;
using Omnia.Speech;

namespace Omnia.Engines.Whisper.Tests;

public sealed class WhisperRequestTests
{
    private static readonly IReadOnlyList<string> Multilingual = WhisperLanguages.Codes;
    private static readonly IReadOnlyList<string> EnglishOnly = ["en"];

    [Fact]
    public void No_options_mean_detect_the_language_and_transcribe()
    {
        var request = WhisperRequest.From(null, Multilingual);

        Assert.Equal(new WhisperRequest(null, WhisperTask.Transcribe, null, null), request);
    }

    [Fact]
    public void An_english_only_model_transcribes_english_without_detection()
    {
        Assert.Equal("en", WhisperRequest.From(null, EnglishOnly).Language);
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("en-US", "en")]
    [InlineData("pt_BR", "pt")]
    [InlineData("FR", "fr")]
    [InlineData("yue", "yue")]
    [InlineData("auto", null)]
    public void Languages_are_reduced_to_the_codes_whisper_knows(string requested, string? expected)
    {
        var request = WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = requested }, Multilingual);

        Assert.Equal(expected, request.Language);
    }

    [Fact]
    public void An_unknown_language_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "klingon" }, Multilingual));

        Assert.Equal("language", error.Param);
        Assert.Contains("'klingon'", error.Message, StringComparison.Ordinal);
        Assert.Contains("de, es", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cantonese_needs_a_model_that_knows_it()
    {
        var ninetyNine = WhisperLanguages.Codes.Take(99).ToList();

        Assert.Equal("yue", WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "yue" }, Multilingual).Language);
        Assert.Throws<InvalidRequestException>(() => WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "yue" }, ninetyNine));
    }

    [Fact]
    public void An_english_only_model_refuses_other_languages_and_translation()
    {
        var language = Assert.Throws<InvalidRequestException>(() =>
            WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "de" }, EnglishOnly));
        var translation = Assert.Throws<InvalidRequestException>(() => WhisperRequest.From(Task("translate"), EnglishOnly));

        Assert.Contains("English-only", language.Message, StringComparison.Ordinal);
        Assert.Contains("cannot translate", translation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("translate", true)]
    [InlineData("Transcribe", false)]
    public void The_task_property_picks_transcription_or_translation(string task, bool translates)
    {
        Assert.Equal(translates, WhisperRequest.From(Task(task), Multilingual).Task == WhisperTask.Translate);
    }

    [Fact]
    public void Asking_for_english_text_from_other_speech_is_translation()
    {
        var fromGerman = WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "de", TextLanguage = "en" }, Multilingual);
        var fromEnglish = WhisperRequest.From(new SpeechToTextOptions { SpeechLanguage = "en", TextLanguage = "en" }, Multilingual);

        Assert.Equal(WhisperTask.Translate, fromGerman.Task);
        Assert.Equal(WhisperTask.Transcribe, fromEnglish.Task);
    }

    [Fact]
    public void Translation_into_another_language_than_english_is_refused()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            WhisperRequest.From(new SpeechToTextOptions { TextLanguage = "fr" }, Multilingual));

        Assert.Contains("English only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_task_is_refused()
    {
        var error = Assert.Throws<InvalidRequestException>(() => WhisperRequest.From(Task("summarize"), Multilingual));

        Assert.Equal(SpeechProperties.Task, error.Param);
    }

    [Theory]
    [InlineData(0.4f)]
    [InlineData(0.4)]
    [InlineData("0.4")]
    public void Temperature_is_read_from_numbers_and_text(object value)
    {
        var request = WhisperRequest.From(Property(SpeechProperties.Temperature, value), Multilingual);

        Assert.Equal(0.4f, request.Temperature!.Value, 5);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    [InlineData("warm")]
    public void Temperature_outside_zero_to_one_is_refused(object value)
    {
        var error = Assert.Throws<InvalidRequestException>(() => WhisperRequest.From(Property(SpeechProperties.Temperature, value), Multilingual));

        Assert.Equal(SpeechProperties.Temperature, error.Param);
    }

    [Fact]
    public void A_prompt_is_passed_on_and_an_overlong_one_refused()
    {
        Assert.Equal("Omnia, Piper.", WhisperRequest.From(Property(SpeechProperties.Prompt, "Omnia, Piper."), Multilingual).Prompt);
        Assert.Null(WhisperRequest.From(Property(SpeechProperties.Prompt, "  "), Multilingual).Prompt);
        Assert.Throws<InvalidRequestException>(() =>
            WhisperRequest.From(Property(SpeechProperties.Prompt, new string('a', WhisperRequest.MaxPromptLength + 1)), Multilingual));
    }

    [Fact]
    public void Audio_at_another_rate_is_refused()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            WhisperRequest.From(new SpeechToTextOptions { SpeechSampleRate = 8000 }, Multilingual));

        Assert.Contains("8000 Hz", error.Message, StringComparison.Ordinal);
    }

    private static SpeechToTextOptions Task(string task) => Property(SpeechProperties.Task, task);

    private static SpeechToTextOptions Property(string key, object value) =>
        new() { AdditionalProperties = new() { [key] = value } };
}
