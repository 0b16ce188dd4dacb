namespace Omnia.Models;

/// <summary>Where a served model is in its life: loading, ready to answer, or failed to load (with a reason).</summary>
public enum ServedModelState
{
    Loading,
    Ready,
    Failed,
}
