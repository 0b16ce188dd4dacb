namespace Omnia.Gguf;

/// <summary>Fills <paramref name="values"/> with row <paramref name="row"/> of a tensor while it is being written.</summary>
/// <remarks>Rows are requested in order, once each, so a tensor never has to be in memory all at once.</remarks>
public delegate void GgufRowSource(long row, Span<float> values);
