namespace Omnia.Bench.RealtimeConversation;

/// <summary>Opens a kept-history session: connect, <c>session.created</c>, the bench's <c>session.update</c>, <c>session.updated</c>.</summary>
internal sealed class RealtimeSessionOpener(Uri server, string model, RealtimeBenchOptions options, TimeProvider time)
{
    public async Task<RealtimeWire> OpenAsync(CancellationToken cancellationToken)
    {
        var wire = await RealtimeWire.ConnectAsync(server, model, time, cancellationToken);
        try
        {
            await wire.WaitForAsync("session.created", cancellationToken);
            await wire.UpdateSessionAsync(options.Instructions, options.MaxOutputTokens, RealtimeWire.TurnDetection(options), cancellationToken);
            await wire.WaitForAsync("session.updated", cancellationToken);
            return wire;
        }
        catch
        {
            await wire.DisposeAsync();
            throw;
        }
    }

    public KeptTurnDriver Driver(RealtimeWire wire) => new(wire, time, options.ListenMs, options.AnswerLimit);
}
