using System.Text;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Llama.Prompting;

/// <summary>
/// Splits streamed model text into plain content and tool calls: text that may be the start of
/// <c>&lt;tool_call&gt;</c> is held back, a complete call becomes a <see cref="FunctionCallContent"/>.
/// </summary>
internal sealed class ToolCallExtractor(Func<string> newCallId)
{
    private readonly StringBuilder _pending = new();
    private bool _insideCall;
    private bool _sawCall;

    public List<AIContent> Push(string text)
    {
        var output = new List<AIContent>();
        _pending.Append(text);
        while (true)
        {
            var buffered = _pending.ToString();
            if (!_insideCall)
            {
                var open = buffered.IndexOf(ToolCallFormat.CallOpen, StringComparison.Ordinal);
                if (open < 0)
                {
                    var hold = PartialSuffix(buffered, ToolCallFormat.CallOpen);
                    Emit(output, buffered[..^hold]);
                    _pending.Clear().Append(buffered[^hold..]);
                    return output;
                }
                Emit(output, buffered[..open]);
                _pending.Clear().Append(buffered[(open + ToolCallFormat.CallOpen.Length)..]);
                _insideCall = true;
                continue;
            }

            var close = buffered.IndexOf(ToolCallFormat.CallClose, StringComparison.Ordinal);
            if (close < 0) return output;
            var json = buffered[..close];
            output.Add((AIContent?)ToolCallFormat.Parse(json, newCallId()) ?? new TextContent(ToolCallFormat.CallOpen + json + ToolCallFormat.CallClose));
            _sawCall = true;
            _pending.Clear().Append(buffered[(close + ToolCallFormat.CallClose.Length)..].TrimStart('\n'));
            _insideCall = false;
        }
    }

    /// <summary>
    /// At the end of generation: an unterminated call is parsed if it can be; one cut off mid-way (the answer ran out
    /// of tokens) is dropped, since half a call cannot be executed and the finish reason already says what happened.
    /// </summary>
    public List<AIContent> Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        var output = new List<AIContent>();
        if (_insideCall)
        {
            if (ToolCallFormat.Parse(rest, newCallId()) is { } call) output.Add(call);
            _insideCall = false;
        }
        else
        {
            Emit(output, rest);
        }
        return output;
    }

    /// <summary>Text between calls is only the separators the format puts there; text before any call is content.</summary>
    private void Emit(List<AIContent> output, string text)
    {
        if (text.Length > 0 && !(_sawCall && string.IsNullOrWhiteSpace(text))) output.Add(new TextContent(text));
    }

    private static int PartialSuffix(string text, string marker)
    {
        for (var length = Math.Min(marker.Length - 1, text.Length); length > 0; length--)
            if (text.AsSpan(text.Length - length).SequenceEqual(marker.AsSpan(0, length))) return length;
        return 0;
    }
}
