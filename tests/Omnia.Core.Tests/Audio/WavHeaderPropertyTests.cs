using CsCheck;
using Omnia.Audio;

namespace Omnia.Core.Tests.Audio;

/// <summary>Issue #10's fuzzing of the WAV header parser: random formats and rates, mutated header bytes, forged
/// chunk sizes and truncations either decode within the limits or are refused as bad or too large audio.</summary>
[Collection("ffmpeg")]
public class WavHeaderPropertyTests
{
    // Far above what these small inputs may legitimately cost (30 s of audio is 2 MB), far below the gigabytes a
    // forged header used to; counted process-wide, so it leaves room for test classes running beside this one.
    private const long AllocationBound = 768L * 1024 * 1024;

    private static readonly AudioLimits Limits = new() { MaxDuration = TimeSpan.FromSeconds(30), MaxInputBytes = 1024 * 1024 };

    // Mostly past the RIFF/WAVE/'fmt ' magic, so most cases reach the in-process parser rather than ffmpeg (slow to start).
    private static readonly Gen<int> MutatedOffsets = Gen.Frequency((6, (IGen<int>)Gen.Int[16, 79]), (1, Gen.Int[0, 15]));

    private static readonly Gen<byte[]> MutatedWavs =
        from format in Gen.Enum<WavSampleFormat>()
        from channels in Gen.Int[1, 3]
        from rate in Gen.Frequency((3, (IGen<int>)Gen.Int[1, int.MaxValue]), (1, Gen.Int[1, 500_000]), (1, Gen.OneOf(8000, 16000, 44100)))
        from frames in Gen.Int[0, 2000]
        from mutations in Gen.Select(MutatedOffsets, Gen.Byte).Array[0, 6]
        from forgedSize in Gen.Select(Gen.Int[4, 76], Gen.UInt).Array[0, 2]
        from cut in Gen.Int[0, 4000]
        select Mutate(WavWriter.Encode(new PcmAudio(new float[frames * channels], rate, channels), format), mutations, forgedSize, cut);

    [Fact]
    public async Task Every_mutated_wav_decodes_within_the_limits_or_is_refused_as_bad_or_too_large_audio()
    {
        var codec = new AudioCodec();
        await MutatedWavs.SampleAsync(async wav =>
        {
            var before = GC.GetTotalAllocatedBytes();
            try
            {
                var audio = await codec.DecodeAsync(new MemoryStream(wav), 16000, limits: Limits);
                Assert.True(audio.Duration <= Limits.MaxDuration, $"{audio.Duration} decoded");
            }
            catch (Exception e) when (e is InvalidAudioException or AudioTooLargeException)
            {
            }

            var allocated = GC.GetTotalAllocatedBytes() - before;
            Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated for a {wav.Length}-byte input");
        }, iter: 60, threads: 1);
    }

    private static byte[] Mutate(byte[] wav, (int Offset, byte Value)[] mutations, (int Offset, uint Value)[] forgedSizes, int cut)
    {
        foreach (var (offset, value) in mutations)
        {
            if (offset < wav.Length)
            {
                wav[offset] = value;
            }
        }

        foreach (var (offset, value) in forgedSizes)
        {
            if (offset + 4 <= wav.Length)
            {
                BitConverter.TryWriteBytes(wav.AsSpan(offset), value);
            }
        }

        return cut < wav.Length && cut % 3 == 0 ? wav[..cut] : wav;
    }
}
