namespace Omnia.Server.Realtime;

/// <summary>A client event the session cannot act on; answered with an <c>error</c> event, and the session goes on.</summary>
internal sealed class RealtimeProtocolException(string code, string message, string? param = null) : Exception(message)
{
    public string Code { get; } = code;
    public string? Param { get; } = param;

    /// <summary>The refused event's <c>event_id</c>, when it is known where the exception is thrown.</summary>
    public string? EventId { get; init; }
}
