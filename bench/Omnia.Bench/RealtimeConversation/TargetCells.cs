using Omnia.Bench.PromptCache;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>How a target's measured value reads in a table: counts as whole numbers, the rest as <see cref="MarkdownTable"/> formats them.</summary>
internal static class TargetCells
{
    public static object Measured(BenchTarget target) =>
        double.IsFinite(target.Value) && target.Value == Math.Round(target.Value) && Math.Abs(target.Value) < 1e9 ? (long)target.Value : (object)target.Value;
}
