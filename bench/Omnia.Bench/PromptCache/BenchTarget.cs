using System.Globalization;

namespace Omnia.Bench.PromptCache;

/// <summary>A measured value against the limit an issue set for it.</summary>
internal sealed record BenchTarget(string Name, string Scope, double Value, double Limit, bool AtMost)
{
    public static BenchTarget NoMoreThan(string name, string scope, double value, double limit) => new(name, scope, value, limit, AtMost: true);

    public static BenchTarget NoLessThan(string name, string scope, double value, double limit) => new(name, scope, value, limit, AtMost: false);

    /// <summary>Null when the value could not be measured (NaN).</summary>
    public bool? Passed => double.IsNaN(Value) ? null : AtMost ? Value <= Limit : Value >= Limit;

    public string Verdict => Passed switch { true => "pass", false => "FAIL", null => "not measured" };

    public string LimitText => (AtMost ? "≤ " : "≥ ") + Limit.ToString("0.##", CultureInfo.InvariantCulture);
}
