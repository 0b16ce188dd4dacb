using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> or <c>/v1/audio/translations</c>: a valid half-second tone upload, then one
/// mutation: broken multipart (no boundary, truncated, 1,100 fields, a huge part header), WAV headers that lie
/// (absurd rates, zero channels, sizes), garbage files, odd form values (NaN temperature, unknown response_format).
/// </summary>
public sealed class AudioCorpus : IFuzzCorpus<FuzzRequest>
{
    private static readonly string[] Fields = ["model", "language", "prompt", "response_format", "temperature", "stream", "timestamp_granularities[]"];

    private static readonly string[] OddValues =
    [
        "", "NaN", "Infinity", "-1", "1e999", "abc", "true", "[]", "{}", "\0", "../../etc/passwd", "json\r\nX-Injected: 1",
        "verbose_json", "srt", "vtt", "text", "xml", "en", "zz", "whisper-1",
    ];

    private readonly string _path;
    private readonly int _maxBody;

    /// <param name="translations">Translations instead of transcriptions.</param>
    /// <param name="maxBody">The largest body a case may build.</param>
    public AudioCorpus(bool translations, int maxBody)
    {
        _path = translations ? "v1/audio/translations" : "v1/audio/transcriptions";
        _maxBody = maxBody;
        Findings = BuildFindings();
    }

    public string Endpoint => "/" + _path;

    public IReadOnlyList<FuzzRequest> Findings { get; }

    /// <summary>40 KB of samples declaring 2,048,000,000 Hz (issue #10: a 14.6 M-tap resampling filter, 5 GB, minutes of CPU).</summary>
    public static byte[] WavTwoGigahertz() => MediaBytes.Wav(2_048_000_000, 40_000, noise: new Random(1));

    /// <summary>57 KB of 8-bit samples declaring 16 Hz (issue #10: an hour of audio once resampled, +1 GB).</summary>
    public static byte[] WavSixteenHertz() => MediaBytes.Wav(16, 57_000, bitsPerSample: 8, noise: new Random(2));

    public FuzzRequest Next(Random random)
    {
        var form = new Multipart();
        switch (random.Next(8))
        {
            case 0:
                return Upload("valid", form.File("file", "tone.wav", MediaBytes.ToneWav()).Field("model", "whisper-1"));
            case 1:
            case 2:
            {
                var field = Fields[random.Next(Fields.Length)];
                var value = OddValues[random.Next(OddValues.Length)];
                return Upload($"field:{field}:{Label(value)}", form.File("file", "tone.wav", MediaBytes.ToneWav(0.3)).Field(field, value));
            }

            case 3:
            {
                var (name, wav) = BadWav(random);
                return Upload($"wav:{name}", form.File("file", "bad.wav", wav));
            }

            case 4:
            {
                var bytes = new byte[1 << random.Next(4, 16)];
                random.NextBytes(bytes);
                var (name, mime) = random.Next(4) switch
                {
                    0 => ("wav", "audio/wav"), 1 => ("mp3", "audio/mpeg"), 2 => ("flac", "audio/flac"), _ => ("bin", "application/octet-stream"),
                };
                return Upload($"garbage:{name}", form.File("file", "garbage." + name, bytes, mime));
            }

            case 5:
                return Upload(random.Next(3) switch
                {
                    0 => "file:empty",
                    1 => "file:missing",
                    _ => "file:wrong-field",
                }, random.Next(3) switch
                {
                    0 => form.File("file", "empty.wav", []),
                    1 => form.Field("model", "whisper-1"),
                    _ => form.File("audio", "tone.wav", MediaBytes.ToneWav(0.2)),
                });
            case 6:
                return BrokenMultipart(random);
            default:
                return random.Next(2) == 0
                    ? Upload("fields:many", ManyFields(random.Next(500, 2000)))
                    : Upload("file:odd-name", form.File("file", random.Next(2) == 0 ? "../../../etc/passwd" : new string('n', 5000), MediaBytes.ToneWav(0.2)));
        }
    }

    /// <summary>The form as a request; every case names a model unless it set one itself, so it reaches the decoder.</summary>
    private FuzzRequest Upload(string @case, Multipart form)
    {
        if (!form.Has("model"))
        {
            form.Field("model", "whisper-1");
        }

        return new(@case, HttpMethod.Post, _path, form.ToArray(), form.ContentType);
    }

    private static string Label(string value) =>
        value.Length == 0 ? "empty" : value.Any(char.IsControl) ? "control-chars" : value.Replace(':', '_');

    private static (string Name, byte[] Wav) BadWav(Random random) => random.Next(11) switch
    {
        0 => ("rate-zero", MediaBytes.Wav(0, 3200)),
        1 => ("rate-16hz", MediaBytes.Wav(16, 1600, bitsPerSample: 8)),
        2 => ("rate-negative", MediaBytes.Wav(-44100, 3200)),
        3 => ("rate-huge", MediaBytes.Wav(random.Next(400_000, int.MaxValue), 3200)),
        4 => ("channels-zero", MediaBytes.Wav(16000, 3200, channels: 0)),
        5 => ("channels-huge", MediaBytes.Wav(16000, 3200, channels: short.MaxValue)),
        6 => ("bits-odd", MediaBytes.Wav(16000, 3200, bitsPerSample: (short)random.Next(0, 64))),
        7 => ("data-size-lies", MediaBytes.Wav(16000, 3200, declaredDataBytes: uint.MaxValue)),
        8 => ("fmt-size-huge", MediaBytes.Wav(16000, 3200, fmtChunkBytes: int.MaxValue)),
        9 => ("format-unknown", MediaBytes.Wav(16000, 3200, format: (short)random.Next(2, 0x7FFF))),
        _ => ("truncated", MediaBytes.ToneWav(0.2)[..random.Next(4, 60)]),
    };

    private FuzzRequest BrokenMultipart(Random random)
    {
        var valid = new Multipart().File("file", "tone.wav", MediaBytes.ToneWav(0.2)).Field("model", "whisper-1");
        var body = valid.ToArray();
        return random.Next(6) switch
        {
            0 => new("multipart:no-boundary", HttpMethod.Post, _path, body, "multipart/form-data"),
            1 => new("multipart:truncated", HttpMethod.Post, _path, body[..random.Next(body.Length)], valid.ContentType),
            2 => new("multipart:wrong-boundary", HttpMethod.Post, _path, body, "multipart/form-data; boundary=other"),
            3 => new("multipart:huge-header", HttpMethod.Post, _path,
                new Multipart().Part($"Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nX-Pad: {new string('h', Math.Min(_maxBody / 2, 1 << random.Next(14, 21)))}", MediaBytes.ToneWav(0.2)).ToArray(),
                valid.ContentType),
            4 => new("multipart:header-without-colon", HttpMethod.Post, _path,
                new Multipart().Part("this is not a header", MediaBytes.ToneWav(0.2)).ToArray(), valid.ContentType),
            _ => new("multipart:long-boundary", HttpMethod.Post, _path, Encoding.ASCII.GetBytes("--" + new string('b', 200) + "\r\n\r\n"),
                "multipart/form-data; boundary=" + new string('b', 200)),
        };
    }

    private static Multipart ManyFields(int count)
    {
        var form = new Multipart().File("file", "tone.wav", MediaBytes.ToneWav(0.2));
        for (var i = 0; i < count; i++) form.Field($"f{i}", "x");
        return form;
    }

    private List<FuzzRequest> BuildFindings()
    {
        var tone = MediaBytes.ToneWav(0.3);
        var valid = new Multipart().File("file", "tone.wav", tone).Field("model", "whisper-1");
        var body = valid.ToArray();
        return
        [
            new("finding:multipart-no-boundary", HttpMethod.Post, _path, body, "multipart/form-data"),
            new("finding:multipart-truncated", HttpMethod.Post, _path, body[..(body.Length / 2)], valid.ContentType),
            Upload("finding:multipart-1100-fields", ManyFields(1_100)),
            Upload("finding:multipart-huge-header", new Multipart().Part(
                $"Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nX-Pad: {new string('h', Math.Min(_maxBody / 2, 1 << 20))}", tone)),
            Upload("finding:wav-2048000000hz", new Multipart().File("file", "fast.wav", WavTwoGigahertz())),
            Upload("finding:wav-16hz", new Multipart().File("file", "slow.wav", WavSixteenHertz())),
            Upload("finding:temperature-nan", new Multipart().File("file", "tone.wav", tone).Field("temperature", "NaN")),
            Upload("finding:response_format-unknown", new Multipart().File("file", "tone.wav", tone).Field("response_format", "xml")),
            // Ten minutes of 8 kHz 8-bit silence (4.8 MB): pocketsphinx's one-utterance limit answered 500 for 10–60 minutes.
            Upload("finding:audio-10-minutes", new Multipart().File("file", "long.wav",
                MediaBytes.Wav(8000, Math.Min(600 * 8000, _maxBody - 1024), bitsPerSample: 8))),
        ];
    }
}
