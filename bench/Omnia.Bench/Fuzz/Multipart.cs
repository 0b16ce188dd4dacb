using System.Buffers;
using System.Text;

namespace Omnia.Bench.Fuzz;

/// <summary>A multipart/form-data body written by hand, so it can be broken in ways a form library refuses to write.</summary>
public sealed class Multipart
{
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly HashSet<string> _fields = [];

    public Multipart(string boundary = "fuzz-boundary-7d3a")
    {
        Boundary = boundary;
    }

    public string Boundary { get; }

    public string ContentType => $"multipart/form-data; boundary={Boundary}";

    /// <summary>Whether a field or file of this name was written.</summary>
    public bool Has(string name) => _fields.Contains(name);

    public Multipart Field(string name, string value) => Named(name).Part($"Content-Disposition: form-data; name=\"{name}\"", Encoding.UTF8.GetBytes(value));

    public Multipart File(string name, string fileName, byte[] content, string contentType = "audio/wav") =>
        Named(name).Part($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}", content);

    /// <summary>A part with these exact header lines (CRLF-separated) and content.</summary>
    public Multipart Part(string headers, byte[] content)
    {
        Write($"--{Boundary}\r\n{headers}\r\n\r\n");
        _body.Write(content);
        Write("\r\n");
        return this;
    }

    /// <summary>The body with its closing boundary.</summary>
    public byte[] ToArray()
    {
        return [.. _body.WrittenSpan, .. Encoding.ASCII.GetBytes($"--{Boundary}--\r\n")];
    }

    private Multipart Named(string name)
    {
        _fields.Add(name);
        return this;
    }

    private void Write(string text) => _body.Write(Encoding.UTF8.GetBytes(text));
}
