namespace Omnia.Store.Rows;

/// <summary>One input or output item of a response, at its position in that list.</summary>
internal sealed class ResponseItemRow
{
    public required string ResponseId { get; set; }

    /// <summary>False for the request's input, true for the response's output.</summary>
    public bool IsOutput { get; set; }
    public int Position { get; set; }
    public required string ItemId { get; set; }
    public required string Json { get; set; }
}
