using System.Text;
using CsCheck;

namespace Omnia.Server.Tests.Fuzz;

/// <summary>
/// Generators of transcription uploads: a real short WAV, an empty or random file, or none; OpenAI's fields with
/// wrong, non-finite, huge or non-UTF-8 values; unknown and repeated fields; long boundaries; cut-off bodies.
/// </summary>
internal static class HostileMultipart
{
    private static readonly string[] FieldNames =
        ["model", "language", "prompt", "response_format", "temperature", "stream", "timestamp_granularities[]", "include[]", "chunking_strategy", "x", ""];

    private static readonly Gen<byte[]> FieldValue = Gen.OneOf<byte[]>(
        Gen.OneOf<string>("whisper-1", "json", "text", "srt", "verbose_json", "vtt", "word", "segment", "true", "false", "maybe", "NaN", "Infinity", "-Infinity",
                "-1", "0", "0.5", "1", "2", "1e39", "en", "xx", "", "../x", "auto", "\u0000", "\ud83d\ude00")
            .Select(Encoding.UTF8.GetBytes),
        Gen.Int[0, 80_000].Select(length => Encoding.UTF8.GetBytes(new string('v', length))),
        Gen.Byte.Array[1, 32]);

    private static readonly byte[] ShortWav = ToneWav.Create();

    private static readonly Gen<byte[]> File = Gen.OneOf<byte[]>(
        Gen.Const(ShortWav),
        Gen.Const(Array.Empty<byte>()),
        Gen.Int[1, 200].Select(cut => ShortWav[..cut]),
        Gen.Byte.Array[1, 4000]);

    private static readonly Gen<(string, byte[], string?)> Field =
        Gen.Select(Gen.OneOf<string>(FieldNames), FieldValue, (name, value) => (name, value, (string?)null));

    public static readonly Gen<HostileForm> Body = Gen.Select(
        Gen.Frequency<IReadOnlyList<(string, byte[], string?)>>((4, File.Select(f => (IReadOnlyList<(string, byte[], string?)>)[("file", f, "a.wav")])), (1, Gen.Const<IReadOnlyList<(string, byte[], string?)>>([]))),
        Gen.Frequency<IReadOnlyList<(string, byte[], string?)>>((3, Gen.Const<IReadOnlyList<(string, byte[], string?)>>([("model", "whisper-1"u8.ToArray(), null)])), (1, Gen.Const<IReadOnlyList<(string, byte[], string?)>>([]))),
        Field.Array[0, 6],
        Gen.Frequency<string>((6, Gen.Const("omnia-boundary")), (1, Gen.Int[1, 300].Select(n => new string('b', n)))),
        Gen.Frequency<int?>((5, Gen.Const((int?)null)), (1, Gen.Int[0, 100_000].Select(n => (int?)n))),
        Gen.Frequency<bool>((8, Gen.Const(false)), (1, Gen.Const(true))),
        (file, model, fields, boundary, cut, hide) => new HostileForm([.. file, .. model, .. fields], boundary, cut, hide));
}
