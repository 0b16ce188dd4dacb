using Microsoft.Extensions.AI;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama.Tests;

public sealed class ToolCallExtractorTests
{
    private static ToolCallExtractor NewExtractor()
    {
        var next = 0;
        return new ToolCallExtractor(() => $"call_{next++}");
    }

    [Fact]
    public void Calls_split_across_pieces_become_function_calls_and_text_before_them_stays_content()
    {
        var extractor = NewExtractor();
        var output = new List<AIContent>();
        foreach (var piece in new[] { "Sure. <to", "ol_call>\n{\"name\": \"f\", ", "\"arguments\": {\"x\": 1}}\n</tool", "_call>" })
            output.AddRange(extractor.Push(piece));
        output.AddRange(extractor.Flush());

        Assert.Equal("Sure. ", Assert.IsType<TextContent>(output[0]).Text);
        var call = Assert.IsType<FunctionCallContent>(output[1]);
        Assert.Equal(("call_0", "f"), (call.CallId, call.Name));
        Assert.Equal("1", call.Arguments!["x"]!.ToString());
        Assert.Equal(2, output.Count);
    }

    [Fact]
    public void A_call_cut_off_by_the_token_limit_is_dropped_and_a_broken_one_is_returned_as_text()
    {
        var cut = NewExtractor();
        cut.Push("<tool_call>\n{\"name\": \"f\", \"argu");
        Assert.Empty(cut.Flush());

        var broken = NewExtractor();
        var output = broken.Push("<tool_call>not json</tool_call>");
        Assert.Equal("<tool_call>not json</tool_call>", Assert.IsType<TextContent>(Assert.Single(output)).Text);
    }

    [Fact]
    public void Plain_text_passes_through_unchanged()
    {
        var extractor = NewExtractor();
        var text = string.Concat(extractor.Push("a < b and c").Concat(extractor.Flush()).OfType<TextContent>().Select(t => t.Text));
        Assert.Equal("a < b and c", text);
    }
}
