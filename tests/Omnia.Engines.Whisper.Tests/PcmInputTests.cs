using Omnia.Audio;

namespace Omnia.Engines.Whisper.Tests;

public sealed class PcmInputTests
{
    [Fact]
    public async Task Samples_become_floats_scaled_to_one()
    {
        short[] samples = [0, 16384, -32768, 32767, -1];
        var bytes = samples.SelectMany(BitConverter.GetBytes).ToArray();

        var floats = await PcmInput.ReadAsync(new MemoryStream(bytes), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(samples.Select(s => s / 32768f), floats);
    }

    [Fact]
    public async Task Samples_split_across_reads_are_joined()
    {
        short[] samples = [1000, -2000, 3000, -4000, 5000];
        var bytes = samples.SelectMany(BitConverter.GetBytes).ToArray();

        var floats = await PcmInput.ReadAsync(new OneByteAtATimeStream(bytes), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(samples.Select(s => s / 32768f), floats);
    }

    [Fact]
    public async Task A_wav_file_is_refused_naming_its_container()
    {
        var wav = "RIFF\0\0\0\0WAVEfmt "u8.ToArray();

        var error = await Assert.ThrowsAsync<InvalidAudioException>(() =>
            PcmInput.ReadAsync(new MemoryStream(wav), TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Contains("WAV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audio_past_the_limit_is_refused_as_too_large()
    {
        var twoSeconds = new byte[2 * 16000 * 2];

        await Assert.ThrowsAsync<AudioTooLargeException>(() =>
            PcmInput.ReadAsync(new MemoryStream(twoSeconds), TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    /// <summary>A stream that returns one byte per read, so samples straddle reads.</summary>
    private sealed class OneByteAtATimeStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
