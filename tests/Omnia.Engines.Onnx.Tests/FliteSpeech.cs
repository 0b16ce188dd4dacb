using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Omnia.Engines.Onnx.Tests;

/// <summary>Real speech for tests: Debian's flite (voice <c>slt</c>) speaks a sentence into a 16 kHz mono WAV file.</summary>
internal static class FliteSpeech
{
    public const int SampleRate = 16_000;

    public static float[] Say(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"omnia-flite-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo("flite") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-voice", "slt", "-t", text, "-o", path })
            {
                start.ArgumentList.Add(arg);
            }

            using var flite = StartFlite(start);
            var errors = flite.StandardError.ReadToEnd();
            flite.WaitForExit();
            if (flite.ExitCode != 0)
            {
                throw new InvalidOperationException($"flite exited with {flite.ExitCode}: {errors}");
            }

            return ReadPcm16Mono(File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Process StartFlite(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("flite did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("flite is not installed: ./omnia installs the Debian package 'flite'.", ex);
        }
    }

    /// <summary>Reads the samples of a 16 kHz mono 16-bit PCM WAV file, which is what flite writes.</summary>
    private static float[] ReadPcm16Mono(byte[] wav)
    {
        if (wav.Length < 12 || Encoding.ASCII.GetString(wav, 0, 4) != "RIFF" || Encoding.ASCII.GetString(wav, 8, 4) != "WAVE")
        {
            throw new InvalidDataException("flite did not write a RIFF/WAVE file.");
        }

        var formatSeen = false;
        for (var offset = 12; offset + 8 <= wav.Length;)
        {
            var id = Encoding.ASCII.GetString(wav, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
            var body = wav.AsSpan(offset + 8, Math.Min(size, wav.Length - offset - 8));
            if (id == "fmt ")
            {
                var format = BinaryPrimitives.ReadInt16LittleEndian(body);
                var channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                var rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                var bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
                if (format != 1 || channels != 1 || rate != SampleRate || bits != 16)
                {
                    throw new InvalidDataException($"flite wrote format {format}, {channels} channels, {rate} Hz, {bits} bits.");
                }

                formatSeen = true;
            }
            else if (id == "data" && formatSeen)
            {
                var samples = new float[body.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]) / 32768f;
                }

                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException("flite's WAV file has no fmt and data chunks.");
    }
}
