using System.Text;
using LLama;
using LLama.Common;

namespace Omnia.Bench.PromptCache;

/// <summary>Counts the tokens of a text with a GGUF file's tokenizer (its vocabulary only is loaded).</summary>
/// <remarks>The bench models share stories260K's tokenizer, so counting with stories260K counts for them all.</remarks>
internal sealed class TokenCounter(string ggufPath) : IDisposable
{
    private readonly LLamaWeights _vocabulary = LLamaWeights.LoadFromFile(new ModelParams(ggufPath) { VocabOnly = true, GpuLayerCount = 0 });

    /// <summary>Tokens of <paramref name="text"/> as a message body: no BOS, special tokens as text.</summary>
    public int Count(string text) => _vocabulary.Tokenize(text, false, false, Encoding.UTF8).Length;

    public void Dispose() => _vocabulary.Dispose();
}
