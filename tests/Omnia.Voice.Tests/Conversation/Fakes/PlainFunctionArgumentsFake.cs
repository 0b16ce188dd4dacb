using Omnia.Voice.Conversation;

namespace Omnia.Voice.Tests.Conversation;

/// <summary>Function arguments as <c>key=value</c> pairs: the conversation only keeps and hands back what the transport's format writes.</summary>
internal sealed class PlainFunctionArgumentsFake : IFunctionArgumentsFormat
{
    public string Write(IDictionary<string, object?>? arguments) => string.Join(';', (arguments ?? new Dictionary<string, object?>()).Select(a => $"{a.Key}={a.Value}"));

    public IDictionary<string, object?>? Read(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (object?)p[1]);
}
