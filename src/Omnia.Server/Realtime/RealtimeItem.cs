using System.Text.Json.Nodes;

namespace Omnia.Server.Realtime;

/// <summary>One item of a realtime conversation: a message (user or assistant) or a function call and its output.</summary>
internal sealed class RealtimeItem(string id, string type, string? role = null)
{
    public string Id { get; } = id;
    public string Type { get; } = type;
    public string? Role { get; } = role;

    /// <summary>Typed text, or what was heard or said (the transcript of audio).</summary>
    public string? Text { get; set; }

    /// <summary>Whether the content is audio (its text is then a transcript).</summary>
    public bool IsAudio { get; set; }

    /// <summary>A user turn's audio, 16 kHz mono, kept for chat models that hear audio themselves.</summary>
    public float[]? Audio { get; set; }

    public string Status { get; set; } = "completed";
    public string? CallId { get; set; }
    public string? Name { get; set; }
    public string? Arguments { get; set; }
    public string? Output { get; set; }

    /// <summary>For spoken answers: each synthesized clause and where its audio ends, to cut the transcript at what was heard.</summary>
    public List<(string Clause, double EndMs)> SpokenClauses { get; } = [];

    public double AudioMs => SpokenClauses.Count == 0 ? 0 : SpokenClauses[^1].EndMs;

    public JsonObject ToJson()
    {
        var item = new JsonObject { ["id"] = Id, ["object"] = "realtime.item", ["type"] = Type, ["status"] = Status };
        switch (Type)
        {
            case "message":
                item["role"] = Role;
                var contentType = Role switch
                {
                    "user" => IsAudio ? "input_audio" : "input_text",
                    "assistant" => IsAudio ? "output_audio" : "output_text",
                    _ => "input_text",
                };
                var part = new JsonObject { ["type"] = contentType };
                if (IsAudio) part["transcript"] = Text;
                else part["text"] = Text;
                item["content"] = new JsonArray(part);
                break;
            case "function_call":
                item["call_id"] = CallId;
                item["name"] = Name;
                item["arguments"] = Arguments;
                break;
            case "function_call_output":
                item["call_id"] = CallId;
                item["output"] = Output;
                break;
        }
        return item;
    }

    /// <summary>Keeps only what the listener heard before <paramref name="audioEndMs"/>: whole clauses, then a share of the words of the clause cut off.</summary>
    public void Truncate(double audioEndMs)
    {
        var heard = new List<string>();
        var start = 0.0;
        foreach (var (clause, end) in SpokenClauses)
        {
            if (end <= audioEndMs)
            {
                heard.Add(clause);
            }
            else
            {
                var words = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var share = Math.Clamp((audioEndMs - start) / Math.Max(1, end - start), 0, 1);
                var kept = (int)Math.Floor(words.Length * share);
                if (kept > 0) heard.Add(string.Join(' ', words.Take(kept)));
                break;
            }
            start = end;
        }
        Text = string.Join(' ', heard);
        Status = "incomplete";
    }
}
