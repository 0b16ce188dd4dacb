namespace Omnia.Bench.PromptCache;

/// <summary>What one <c>conversation</c> bench run measures.</summary>
internal sealed record ConversationBenchOptions
{
    public required BenchChatModel Model { get; init; }

    /// <summary>Turns per conversation.</summary>
    public int Turns { get; init; } = 12;

    /// <summary>Tokens per answer (sent as max_tokens with ignore_eos).</summary>
    public int AnswerTokens { get; init; } = 32;

    public IReadOnlyList<ConversationShape> Shapes { get; init; } = [ConversationShape.Single, ConversationShape.Interleaved, ConversationShape.Concurrent];

    /// <summary>Shapes also run against the server with the cache off (off does not depend on the shape's interleaving, only its cost does).</summary>
    public IReadOnlyList<ConversationShape> OffShapes { get; init; } = [ConversationShape.Single];

    /// <summary>Conversations of the concurrent shape.</summary>
    public int Concurrent { get; init; } = 8;

    /// <summary>Give each conversation its own system prompt instead of one shared by the shape's conversations.</summary>
    public bool DistinctSystemPrompts { get; init; }

    /// <summary>The server's context per request; null: enough for the turns, within the model's.</summary>
    public int? ContextSize { get; init; }

    /// <summary>The servers' <c>--parallel</c> (slots); null: one per conversation of the largest shape, at least 2.</summary>
    public int? ServerParallel { get; init; }

    public required string CliDll { get; init; }

    public int Conversations(ConversationShape shape) => shape switch
    {
        ConversationShape.Single => 1,
        ConversationShape.Interleaved => 2,
        _ => Concurrent,
    };

    /// <summary>
    /// Per request: a ~280-token first turn, then each turn's question, answer and template. The 0.5B model's
    /// answers are word tokens that re-tokenize into several each (~320 tokens a turn, measured); 340 leaves room.
    /// </summary>
    public int ServerContext => ContextSize ?? Model.ContextFor(600 + Turns * 340);

    public int Parallel => ServerParallel ?? Math.Max(2, Shapes.Max(Conversations));
}
