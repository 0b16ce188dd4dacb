using System.Globalization;

namespace Omnia.Bench;

/// <summary>Parses the <c>realtime</c> bench's options whose values are more than a number.</summary>
internal static class RealtimeBenchArguments
{
    public const string Unbounded = "inf";

    /// <summary><c>inf</c> → null (unbounded answers), a positive number → itself; false for anything else.</summary>
    public static bool TryParseMaxOutputTokens(string text, out int? tokens)
    {
        tokens = null;
        if (text.Equals(Unbounded, StringComparison.OrdinalIgnoreCase)) return true;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1) return false;
        tokens = n;
        return true;
    }

    /// <summary>A validated <c>--max-output-tokens</c>: null for <c>inf</c>.</summary>
    public static int? MaxOutputTokens(string text) =>
        TryParseMaxOutputTokens(text, out var tokens) ? tokens : throw new ArgumentException($"Not a token count or inf: '{text}'.", nameof(text));

    /// <summary>The <c>--turns</c> given, else the mode's default.</summary>
    public static int Turns(RealtimeBenchMode mode, int? given) =>
        Math.Max(1, given ?? (mode == RealtimeBenchMode.Latency ? RealtimeBenchOptions.LatencyTurns : RealtimeBenchOptions.ConversationTurns));

    /// <summary><c>latency</c>, <c>conversation</c> or <c>soak</c>, any case.</summary>
    public static RealtimeBenchMode Mode(string text) => Enum.Parse<RealtimeBenchMode>(text, ignoreCase: true);
}
