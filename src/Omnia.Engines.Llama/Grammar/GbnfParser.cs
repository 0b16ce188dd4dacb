namespace Omnia.Engines.Llama.Grammar;

/// <summary>
/// Reads GBNF with the same syntax rules as llama.cpp's parser (<c>src/llama-grammar.cpp</c>): where whitespace and
/// newlines may appear, which escapes exist, how <c>{m,n}</c> is written. Anything llama.cpp would refuse to parse
/// is refused here, since a grammar llama.cpp refuses leaves a null sampler that takes the process down.
/// </summary>
/// <remarks>Groups become generated rules named <c>parent_N</c> (no written name can contain <c>_</c>), as llama.cpp does.</remarks>
internal sealed class GbnfParser
{
    private readonly string _text;
    private readonly Dictionary<string, List<IReadOnlyList<GbnfItem>>> _rules = new(StringComparer.Ordinal);
    private int _pos;
    private int _generated;

    private GbnfParser(string text) => _text = text;

    /// <summary>The rules of <paramref name="text"/>, each a list of alternatives.</summary>
    /// <exception cref="FormatException">llama.cpp would not parse it, or a repetition is beyond <see cref="GrammarLimits"/>.</exception>
    public static Dictionary<string, List<IReadOnlyList<GbnfItem>>> Parse(string text)
    {
        // The text reaches llama.cpp as a C string: a NUL would silently cut it short.
        if (text.Contains('\0', StringComparison.Ordinal)) throw new FormatException("the grammar contains a NUL character");
        var parser = new GbnfParser(text);
        parser.SkipSpace(newlines: true);
        while (!parser.AtEnd) parser.ParseRule();
        return parser._rules;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Current => AtEnd ? '\0' : _text[_pos];

    private void ParseRule()
    {
        var name = ParseName();
        SkipSpace(newlines: false);
        if (string.CompareOrdinal(_text, _pos, "::=", 0, 3) != 0) throw Error("expecting ::=");
        _pos += 3;
        SkipSpace(newlines: true);
        _rules[name] = ParseAlternates(name, nested: false);
        if (Current == '\r') _pos += _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
        else if (Current == '\n') _pos++;
        else if (!AtEnd) throw Error("expecting newline or end");
        SkipSpace(newlines: true);
    }

    private List<IReadOnlyList<GbnfItem>> ParseAlternates(string rule, bool nested)
    {
        var alternatives = new List<IReadOnlyList<GbnfItem>> { ParseSequence(rule, nested) };
        while (Current == '|')
        {
            _pos++;
            SkipSpace(newlines: true);
            alternatives.Add(ParseSequence(rule, nested));
        }
        return alternatives;
    }

    private List<GbnfItem> ParseSequence(string rule, bool nested)
    {
        var items = new List<GbnfItem>();
        // llama.cpp refuses a sequence whose repetition counts multiply past its threshold.
        long product = 1;
        while (!AtEnd)
        {
            var c = Current;
            if (c == '"')
            {
                _pos++;
                var length = 0;
                while (Current != '"')
                {
                    if (AtEnd) throw Error("unexpected end of input");
                    ParseChar();
                    length++;
                }
                _pos++;
                if (length == 0) throw Error("empty literal");
                items.Add(new GbnfItem.Terminal(length));
            }
            else if (c == '[')
            {
                _pos++;
                if (Current == '^') _pos++;
                while (Current != ']')
                {
                    if (AtEnd) throw Error("unexpected end of input");
                    ParseChar();
                    if (Current == '-' && _pos + 1 < _text.Length && _text[_pos + 1] != ']')
                    {
                        _pos++;
                        ParseChar();
                    }
                }
                _pos++;
                items.Add(new GbnfItem.Terminal(1));
            }
            else if (IsWordChar(c))
            {
                items.Add(new GbnfItem.Reference(ParseName()));
            }
            else if (c == '(')
            {
                _pos++;
                SkipSpace(newlines: true);
                var group = $"{rule}_{_generated++}";
                _rules[group] = ParseAlternates(rule, nested: true);
                if (Current != ')') throw Error("expecting ')'");
                _pos++;
                items.Add(new GbnfItem.Reference(group));
            }
            else if (c == '.')
            {
                _pos++;
                items.Add(new GbnfItem.Terminal(1));
            }
            else if (c is '*' or '+' or '?' or '{')
            {
                _pos++;
                var (min, max) = c switch
                {
                    '*' => (0, (int?)null),
                    '+' => (1, null),
                    '?' => (0, 1),
                    _ => ParseBounds(nested),
                };
                if (items.Count == 0 || items[^1] is GbnfItem.Repeat) throw Error("expecting an item before a repetition");
                if (max < min) throw Error($"repetition {{{min},{max}}} has its minimum above its maximum");
                product *= max is > 0 ? max.Value : Math.Max(min, 1);
                if (product > GrammarLimits.MaxRepetition)
                    throw Error($"the repetitions of one sequence multiply to more than {GrammarLimits.MaxRepetition}");
                items[^1] = new GbnfItem.Repeat(items[^1], min, max);
            }
            else
            {
                break;
            }
            SkipSpace(nested);
        }
        return items;
    }

    /// <summary>The <c>m}</c>, <c>m,}</c> or <c>m,n}</c> after a <c>{</c>, and the space after it.</summary>
    private (int Min, int? Max) ParseBounds(bool nested)
    {
        SkipSpace(nested);
        var min = ParseCount();
        SkipSpace(nested);
        int? max = min;
        if (Current == ',')
        {
            _pos++;
            SkipSpace(nested);
            max = char.IsAsciiDigit(Current) ? ParseCount() : null;
            SkipSpace(nested);
        }
        else if (Current != '}')
        {
            throw Error("expecting ','");
        }
        if (Current != '}') throw Error("expecting '}'");
        _pos++;
        SkipSpace(nested);
        return (min, max);
    }

    private int ParseCount()
    {
        var start = _pos;
        while (char.IsAsciiDigit(Current)) _pos++;
        if (_pos == start) throw Error("expecting an int");
        // Beyond the limit llama.cpp would expand (or overflow); the exact value no longer matters.
        if (_pos - start > 6) throw Error($"a repetition count is above {GrammarLimits.MaxRepetition}");
        var count = int.Parse(_text.AsSpan(start, _pos - start), System.Globalization.CultureInfo.InvariantCulture);
        if (count > GrammarLimits.MaxRepetition) throw Error($"repetition count {count} is above {GrammarLimits.MaxRepetition}");
        return count;
    }

    private void ParseChar()
    {
        if (Current != '\\')
        {
            _pos += char.IsHighSurrogate(Current) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]) ? 2 : 1;
            return;
        }
        _pos++;
        var digits = Current switch
        {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            't' or 'r' or 'n' or '\\' or '"' or '[' or ']' => 0,
            _ => throw Error("unknown escape"),
        };
        _pos++;
        for (var i = 0; i < digits; i++, _pos++)
        {
            if (!char.IsAsciiHexDigit(Current)) throw Error($"expecting {digits} hex chars");
        }
    }

    private string ParseName()
    {
        var start = _pos;
        while (IsWordChar(Current)) _pos++;
        if (_pos == start) throw Error("expecting name");
        return _text[start.._pos];
    }

    private void SkipSpace(bool newlines)
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c == '#')
            {
                while (!AtEnd && Current is not ('\r' or '\n')) _pos++;
            }
            else if (c is ' ' or '\t' || (newlines && c is '\r' or '\n'))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private FormatException Error(string what) =>
        new($"{what} at offset {_pos}: '{_text.Substring(_pos, Math.Min(20, _text.Length - _pos))}'");
}
