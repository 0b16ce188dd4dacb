using System.Net.Http.Headers;
using System.Text;

namespace Omnia.Server.Tests.Fuzz;

/// <summary>One generated multipart upload: its parts, its boundary, and how the body is then broken (cut short, or its Content-Type without a boundary).</summary>
internal sealed record HostileForm(IReadOnlyList<(string Name, byte[] Value, string? FileName)> Parts, string Boundary, int? CutAt, bool HideBoundary)
{
    public byte[] Bytes()
    {
        var body = new List<byte>();
        foreach (var (name, value, fileName) in Parts)
        {
            var disposition = fileName is null ? $"form-data; name=\"{name}\"" : $"form-data; name=\"{name}\"; filename=\"{fileName}\"";
            body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: {disposition}\r\n\r\n"));
            body.AddRange(value);
            body.AddRange("\r\n"u8.ToArray());
        }
        body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}--\r\n"));
        return CutAt is { } cut ? body.Take(cut % (body.Count + 1)).ToArray() : body.ToArray();
    }

    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Bytes());
        content.Headers.TryAddWithoutValidation("Content-Type", HideBoundary ? "multipart/form-data" : $"multipart/form-data; boundary={Boundary}");
        return content;
    }

    public override string ToString() =>
        $"boundary {Boundary.Length} chars, cut {CutAt?.ToString() ?? "no"}, hidden {HideBoundary}, parts: " +
        string.Join(", ", Parts.Select(p => $"{p.Name[..Math.Min(p.Name.Length, 40)]}={p.Value.Length}B"));
}
