using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>Writes encoded audio chunks to the response as they are produced, flushing each so playback can start.</summary>
internal sealed class StreamedAudioResult(IAsyncEnumerator<ReadOnlyMemory<byte>> chunks, bool any, string contentType) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        await using var _ = chunks;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = contentType;
        for (var more = any; more; more = await chunks.MoveNextAsync())
        {
            await context.Response.Body.WriteAsync(chunks.Current, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
