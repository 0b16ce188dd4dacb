using System.Reflection;
using LLama.Native;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>
/// Asks llama.cpp itself whether it accepts a grammar: <c>llama_sampler_init_grammar</c> returns null for one it
/// refuses (which, added to a sampling chain, is what takes the process down). LLamaSharp keeps the import private,
/// so it is reached by reflection.
/// </summary>
internal static class NativeGrammarProbe
{
    private static readonly MethodInfo Init = typeof(SafeLLamaSamplerChainHandle)
        .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Single(m => m.Name.Contains("g__llama_sampler_init_grammar|", StringComparison.Ordinal));

    private static readonly PropertyInfo VocabPointer = typeof(SafeLlamaModelHandle.Vocabulary)
        .GetProperty("VocabNative", BindingFlags.NonPublic | BindingFlags.Instance)!;

    private static readonly MethodInfo Free = typeof(SafeLLamaSamplerChainHandle)
        .GetMethod("llama_sampler_free", BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Whether llama.cpp builds a grammar sampler from <paramref name="grammar"/> (root rule <c>root</c>).</summary>
    public static bool Accepts(LlamaModel model, string grammar)
    {
        // The vocabulary pointer stays boxed (a System.Reflection.Pointer) from getter to call.
        var vocab = VocabPointer.GetValue(model.Weights.NativeHandle.Vocab);
        var sampler = (IntPtr)Init.Invoke(null, [vocab, grammar, "root"])!;
        if (sampler == IntPtr.Zero) return false;
        Free.Invoke(null, [sampler]);
        return true;
    }
}
