using System.Text.Json;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>Function call arguments as the Realtime API carries them: a JSON object in a string.</summary>
internal sealed class JsonFunctionArguments : IFunctionArgumentsFormat
{
    public static JsonFunctionArguments Instance { get; } = new();

    public string Write(IDictionary<string, object?>? arguments) => JsonSerializer.Serialize(arguments ?? new Dictionary<string, object?>());

    public IDictionary<string, object?>? Read(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(text);
        }
        catch (JsonException e)
        {
            throw new FormatException("A function call's arguments must be a JSON object: " + e.Message, e);
        }
    }
}
