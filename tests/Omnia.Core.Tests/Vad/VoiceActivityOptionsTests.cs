using Omnia.Vad;

namespace Omnia.Core.Tests.Vad;

public class VoiceActivityOptionsTests
{
    [Fact]
    public void Defaults_are_OpenAIs_server_vad_defaults()
    {
        var options = new VoiceActivityOptions();

        Assert.Equal(0.5f, options.Threshold);
        Assert.Equal(300, options.PrefixPaddingMs);
        Assert.Equal(500, options.SilenceDurationMs);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.9f)]
    [InlineData(1f)]
    public void A_threshold_from_0_to_1_is_kept(float threshold)
    {
        Assert.Equal(threshold, new VoiceActivityOptions { Threshold = threshold }.Threshold);
    }

    [Theory]
    [InlineData(-0.01f)]
    [InlineData(1.01f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_threshold_outside_0_to_1_is_refused_by_name(float threshold)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityOptions { Threshold = threshold });

        Assert.Equal(nameof(VoiceActivityOptions.Threshold), error.ParamName);
        Assert.Contains("threshold must be between 0 and 1", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(VoiceActivityOptions.MaxDurationMs + 1)]
    public void A_prefix_padding_outside_0_to_a_minute_is_refused_by_name(int ms)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityOptions { PrefixPaddingMs = ms });

        Assert.Equal(nameof(VoiceActivityOptions.PrefixPaddingMs), error.ParamName);
        Assert.Contains("prefix_padding_ms must be between 0 and 60000 ms", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(VoiceActivityOptions.MaxDurationMs + 1)]
    public void A_silence_duration_outside_0_to_a_minute_is_refused_by_name(int ms)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VoiceActivityOptions { SilenceDurationMs = ms });

        Assert.Equal(nameof(VoiceActivityOptions.SilenceDurationMs), error.ParamName);
        Assert.Contains("silence_duration_ms must be between 0 and 60000 ms", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(VoiceActivityOptions.MaxDurationMs)]
    public void Durations_at_the_limits_are_kept(int ms)
    {
        var options = new VoiceActivityOptions { PrefixPaddingMs = ms, SilenceDurationMs = ms };

        Assert.Equal(ms, options.PrefixPaddingMs);
        Assert.Equal(ms, options.SilenceDurationMs);
    }
}
