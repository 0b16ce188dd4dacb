using System.Net.Http.Headers;

namespace Omnia.Bench.Fuzz;

/// <summary>One HTTP request of a fuzz corpus: what to send, and which case of the corpus it is (for the failure table).</summary>
/// <param name="Case">A stable name of the mutation, e.g. <c>schema:anyOf-empty</c>; findings of issue #10 start with <c>finding:</c>.</param>
/// <param name="Path">Relative to the server's base address, already escaped as it should go on the wire.</param>
/// <param name="ContentType">Sent unvalidated, so a multipart type without a boundary goes out as written.</param>
public sealed record FuzzRequest(string Case, HttpMethod Method, string Path, byte[]? Body = null, string? ContentType = null)
{
    public HttpRequestMessage ToHttpRequestMessage(Uri baseAddress)
    {
        var message = new HttpRequestMessage(Method, new Uri(baseAddress, Path));
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return message;
    }
}
