namespace Omnia.Engines.Llama.Grammar;

/// <summary>
/// Checks a GBNF grammar in managed code before llama.cpp sees it, as <c>ProjectorPreflight</c> does for projectors:
/// llama.cpp aborts the process (a null sampler) on a grammar it cannot parse, an undefined rule, a missing root or
/// left recursion; allocates without bound on a repetition whose minimum exceeds its maximum; and samples forever
/// from a rule that can never finish. Size and the fan-out of parse stacks are bounded by <see cref="GrammarLimits"/>.
/// </summary>
internal static class GbnfCheck
{
    /// <exception cref="GrammarRejectedException">The grammar must not reach llama.cpp.</exception>
    public static void Check(string grammar)
    {
        if (grammar.Length > GrammarLimits.MaxGrammarChars)
            throw new GrammarRejectedException($"the grammar is {grammar.Length} characters long; at most {GrammarLimits.MaxGrammarChars} are allowed");
        Dictionary<string, List<IReadOnlyList<GbnfItem>>> rules;
        try
        {
            rules = GbnfParser.Parse(grammar);
        }
        catch (FormatException e)
        {
            throw new GrammarRejectedException($"the grammar does not parse: {e.Message}");
        }

        if (!rules.ContainsKey("root")) throw new GrammarRejectedException("the grammar has no 'root' rule");
        foreach (var (name, alternatives) in rules)
        {
            foreach (var reference in alternatives.SelectMany(a => a).Select(Referenced).OfType<string>())
            {
                if (!rules.ContainsKey(reference))
                    throw new GrammarRejectedException($"refers to undefined rule '{reference}'", name);
            }
        }

        var nullable = Fixpoint(rules, terminalHolds: false);
        var productive = Fixpoint(rules, terminalHolds: true);
        if (rules.Keys.FirstOrDefault(r => !productive.Contains(r)) is { } stuck)
        {
            // Every alternative of an unproductive rule refers to another: following them must come round to a rule
            // already seen, which is on the cycle that has no way out; name that rule.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (seen.Add(stuck))
                stuck = rules[stuck][0].Select(Referenced).First(r => r is not null && !productive.Contains(r))!;
            throw new GrammarRejectedException("can never produce a finite value (a cycle without a base case)", stuck);
        }

        RejectLeftRecursion(rules, nullable);
        CheckExpandedSize(rules);
        CheckFanOut(rules, nullable);
    }

    /// <summary>The rule an item begins with, looking through repetitions; null for a terminal.</summary>
    private static string? Referenced(GbnfItem item) => item switch
    {
        GbnfItem.Reference r => r.Rule,
        GbnfItem.Repeat p => Referenced(p.Item),
        _ => null,
    };

    /// <summary>
    /// The rules with an alternative whose items all hold, to a fixpoint: with terminals holding, the rules that can
    /// produce a finite string; without, the rules that can produce the empty string.
    /// </summary>
    private static HashSet<string> Fixpoint(Dictionary<string, List<IReadOnlyList<GbnfItem>>> rules, bool terminalHolds)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var (name, alternatives) in rules)
            {
                if (known.Contains(name)) continue;
                if (alternatives.Any(a => a.All(i => Holds(i))))
                    changed |= known.Add(name);
            }
        }
        while (changed);
        return known;

        bool Holds(GbnfItem item) => item switch
        {
            GbnfItem.Terminal => terminalHolds,
            GbnfItem.Reference r => known.Contains(r.Rule),
            GbnfItem.Repeat p => p.Min == 0 || Holds(p.Item),
            _ => false,
        };
    }

    /// <summary>
    /// llama.cpp refuses a rule that can reach itself before consuming a character; found here as a cycle in the
    /// graph of rules each rule can start with (through nullable prefixes), without recursion.
    /// </summary>
    private static void RejectLeftRecursion(Dictionary<string, List<IReadOnlyList<GbnfItem>>> rules, HashSet<string> nullable)
    {
        var starts = rules.ToDictionary(r => r.Key, r => LeftReferences(r.Value, nullable).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        foreach (var start in rules.Keys)
        {
            if (state.ContainsKey(start)) continue;
            var path = new Stack<(string Rule, int Next)>();
            path.Push((start, 0));
            state[start] = 1;
            while (path.Count > 0)
            {
                var (rule, next) = path.Pop();
                var edges = starts[rule];
                if (next == edges.Count)
                {
                    state[rule] = 2;
                    continue;
                }
                path.Push((rule, next + 1));
                var target = edges[next];
                if (!state.TryGetValue(target, out var seen))
                {
                    state[target] = 1;
                    path.Push((target, 0));
                }
                else if (seen == 1)
                {
                    throw new GrammarRejectedException("refers to itself before producing any character (left recursion)", target);
                }
            }
        }
    }

    private static IEnumerable<string> LeftReferences(List<IReadOnlyList<GbnfItem>> alternatives, HashSet<string> nullable)
    {
        foreach (var alternative in alternatives)
        {
            foreach (var item in alternative)
            {
                if (Referenced(item) is { } rule) yield return rule;
                if (!IsNullable(item, nullable)) break;
            }
        }
    }

    private static bool IsNullable(GbnfItem item, HashSet<string> nullable) => item switch
    {
        GbnfItem.Reference r => nullable.Contains(r.Rule),
        GbnfItem.Repeat p => p.Min == 0 || IsNullable(p.Item, nullable),
        _ => false,
    };

    /// <summary>Counts the elements llama.cpp holds once it has expanded every repetition into rules.</summary>
    private static void CheckExpandedSize(Dictionary<string, List<IReadOnlyList<GbnfItem>>> rules)
    {
        long total = 0;
        foreach (var alternative in rules.Values.SelectMany(a => a))
        {
            total += 1 + alternative.Sum(Size);
            if (total > GrammarLimits.MaxExpandedElements)
                throw new GrammarRejectedException($"the grammar expands to more than {GrammarLimits.MaxExpandedElements} elements");
        }

        static long Size(GbnfItem item) => item switch
        {
            GbnfItem.Terminal t => t.Length + 1,
            GbnfItem.Repeat p => p.Min * Size(p.Item) + (p.Max is { } max ? max - p.Min : 1) * (Size(p.Item) + 3) + 1,
            _ => 1,
        };
    }

    /// <summary>
    /// Bounds how many parse stacks llama.cpp keeps at one position (each is matched against the whole vocabulary
    /// every step): an upper estimate for every position, counting the alternatives reachable before a character.
    /// </summary>
    private static void CheckFanOut(Dictionary<string, List<IReadOnlyList<GbnfItem>>> rules, HashSet<string> nullable)
    {
        var memo = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, alternatives) in rules)
        {
            if (Rule(name) > GrammarLimits.MaxFanOut)
                throw new GrammarRejectedException($"branches into more than {GrammarLimits.MaxFanOut} alternatives at one position", name);
            foreach (var alternative in alternatives)
            {
                for (var i = 1; i < alternative.Count; i++)
                {
                    if (From(alternative, i) > GrammarLimits.MaxFanOut)
                        throw new GrammarRejectedException($"branches into more than {GrammarLimits.MaxFanOut} alternatives at one position", name);
                }
            }
        }

        // The stacks a sequence fans out to from item i: its leading nullable items', the first other item's, and one
        // for going past its end when everything is nullable.
        long From(IReadOnlyList<GbnfItem> sequence, int start)
        {
            long sum = 0;
            for (var i = start; i < sequence.Count; i++)
            {
                sum = Math.Min(sum + Item(sequence[i]), int.MaxValue);
                if (!IsNullable(sequence[i], nullable)) return sum;
            }
            return sum + 1;
        }

        long Item(GbnfItem item) => item switch
        {
            GbnfItem.Reference r => Rule(r.Rule),
            GbnfItem.Repeat p => Item(p.Item),
            _ => 1,
        };

        // Recursion follows only the rules a rule can start with, which cannot cycle once left recursion is refused.
        long Rule(string name)
        {
            if (memo.TryGetValue(name, out var known)) return known;
            var sum = rules[name].Aggregate(0L, (total, alternative) => Math.Min(total + From(alternative, 0), int.MaxValue));
            memo[name] = sum;
            return sum;
        }
    }
}
