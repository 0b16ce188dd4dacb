using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Omnia.Images;

namespace Omnia.Server.Tests.Images;

/// <summary>
/// A fake that only injects timing: it shows one partial image, then waits for ever for its next step, and says when
/// that wait was cancelled — so a test can tell that a client going away reaches the engine.
/// </summary>
internal sealed class HangingImageGeneratorFake : IStreamingImageGenerator
{
    private readonly TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Cancelled => cancelled.Task;

    public async IAsyncEnumerable<ImageGenerationUpdate> GenerateStreamingAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new ImageGenerationUpdate(0, 0, new DataContent(new byte[] { 1, 2, 3 }, "image/png"));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested) cancelled.TrySetResult();
        }
    }

    public Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The test streams.");

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
