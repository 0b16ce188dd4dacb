using System.Text;
using LLama.Native;
using Omnia.Engines.Llama.Prompting;

namespace Omnia.Engines.Llama.Inference;

/// <summary>A request's generated tokens and the text sent for them, for <see cref="GeneratedAnswers"/>.</summary>
internal sealed class AnswerRecorder(bool recording)
{
    private readonly List<LLamaToken> _tokens = [];
    private readonly StringBuilder _text = new();

    public void Add(LLamaToken token)
    {
        if (recording) _tokens.Add(token);
    }

    /// <summary>Records <paramref name="text"/> as sent and returns it.</summary>
    public string Sent(string text)
    {
        if (recording) _text.Append(text);
        return text;
    }

    public void RememberIn(GeneratedAnswers? answers)
    {
        if (recording) answers?.Remember(_text.ToString(), [.. _tokens]);
    }
}
