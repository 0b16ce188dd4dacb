using System.Text;
using System.Text.Json;

namespace Omnia.Engines.Llama.Tests.Grammar;

/// <summary>Whether text is JSON, or (cut short by max_tokens) the beginning of some JSON.</summary>
internal static class JsonPrefix
{
    public static bool IsValid(string text, bool complete)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), isFinalBlock: complete, default);
        try
        {
            while (reader.Read())
            {
            }
            return !complete || reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
