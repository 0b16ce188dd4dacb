using System.Globalization;

namespace Omnia.Bench.PromptCache;

/// <summary>Plays the conversations of one shape against a server and records every turn.</summary>
internal sealed class ConversationRunner(ChatTurnClient client, ConversationBenchOptions options, bool? cachePrompt, string mode, TextWriter log)
{
    public async Task<IReadOnlyList<TurnMeasurement>> RunAsync(ConversationShape shape, int shapeIndex, CancellationToken cancellationToken)
    {
        var count = options.Conversations(shape);
        var histories = Enumerable.Range(0, count)
            .Select(c => new ConversationHistory(ConversationScript.SystemPrompt(ConversationScript.SessionLabel(shapeIndex, c, options.DistinctSystemPrompts))))
            .ToArray();
        var measured = new List<TurnMeasurement>();
        if (shape == ConversationShape.Concurrent)
        {
            var each = await Task.WhenAll(Enumerable.Range(0, count).Select(async c =>
            {
                var mine = new List<TurnMeasurement>();
                for (var turn = 1; turn <= options.Turns; turn++)
                {
                    mine.Add(await TurnAsync(shape, histories[c], c, turn, cancellationToken));
                }

                return mine;
            }));
            measured.AddRange(each.SelectMany(m => m));
        }
        else
        {
            for (var turn = 1; turn <= options.Turns; turn++)
            {
                for (var c = 0; c < count; c++)
                {
                    measured.Add(await TurnAsync(shape, histories[c], c, turn, cancellationToken));
                }
            }
        }

        return measured;
    }

    /// <summary>A two-turn conversation and, for the concurrent shape, a round of short concurrent answers: the JIT compiles the hot paths first.</summary>
    public async Task WarmUpAsync(IReadOnlyList<ConversationShape> shapes, CancellationToken cancellationToken)
    {
        var history = new ConversationHistory(ConversationScript.SystemPrompt("warm-up"));
        for (var turn = 1; turn <= 2; turn++)
        {
            var result = await client.SendAsync(
                new ChatTurnRequest(history.Ask(ConversationScript.Question(0, turn)), options.AnswerTokens, cachePrompt), null, CancellationToken.None, cancellationToken);
            history.Answer(result.Answer);
        }

        if (shapes.Contains(ConversationShape.Concurrent))
        {
            await Task.WhenAll(Enumerable.Range(0, options.Concurrent).Select(i => client.SendAsync(
                new ChatTurnRequest([new ChatLine("user", $"Warm-up {i}: tell me a story.")], 16, cachePrompt), null, CancellationToken.None, cancellationToken)));
        }
    }

    private async Task<TurnMeasurement> TurnAsync(
        ConversationShape shape, ConversationHistory history, int conversation, int turn, CancellationToken cancellationToken)
    {
        var messages = history.Ask(ConversationScript.Question(conversation, turn));
        var result = await client.SendAsync(new ChatTurnRequest(messages, options.AnswerTokens, cachePrompt), null, CancellationToken.None, cancellationToken);
        history.Answer(result.Answer);
        if (result.PromptTokens is not { } promptTokens)
        {
            throw new InvalidOperationException($"Turn {turn} of conversation {conversation} came without usage (stream_options.include_usage).");
        }

        if (result.ChunkTimestamps.Count != options.AnswerTokens)
        {
            log.WriteLine($"conversation: note: turn {turn} answered {result.ChunkTimestamps.Count} content chunks, not {options.AnswerTokens}");
        }

        var measurement = new TurnMeasurement(conversation, turn, promptTokens, result.CachedTokens, result.FirstTokenMs);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"conversation: cache {mode}, {shape}, conversation {conversation + 1} turn {turn}: prompt {promptTokens}, cached {result.CachedTokens}, first token {result.FirstTokenMs:F0} ms"));
        return measurement;
    }
}
