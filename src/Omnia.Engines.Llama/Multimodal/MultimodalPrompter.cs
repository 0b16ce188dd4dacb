using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LLama;
using LLama.Native;
using Omnia.Engines.Llama.Caching;
using Omnia.Engines.Llama.Inference;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Prompts a request of text and media into its KV slot: libmtmd tokenizes the text around the media and runs the
/// encoder; whatever a cached slot already holds (text tokens, and media by the hash of their bytes) is kept, the
/// rest up to the last medium is decoded here, and the trailing text is left to the shared batch. Runs on the decode
/// loop's thread only: libmtmd's context is not thread-safe, and ggml's thread pool belongs to the thread that decodes.
/// </summary>
internal static class MultimodalPrompter
{
    /// <returns>The media chunks run through the encoder (those a cache held are not).</returns>
    /// <exception cref="InvalidRequestException">A medium cannot be decoded or the text and media do not match.</exception>
    /// <exception cref="ContextLengthExceededException">Text and media together exceed the context (checked before decoding).</exception>
    /// <exception cref="EngineFailedException">The encoder or the decode failed; the caller frees the slot.</exception>
    public static int Prompt(SafeLLamaContextHandle context, SlotTable slots, ActiveGeneration generation, MtmdWeights clip, int contextSize, int batchSize, bool reuse)
    {
        var prompt = generation.Request.Media!;
        var embeds = new SafeMtmdEmbed[prompt.Inputs.Count];
        try
        {
            for (var i = 0; i < embeds.Length; i++) embeds[i] = Embed(clip, prompt.Inputs[i]);

            var status = clip.Tokenize(prompt.Text, addSpecial: true, parseSpecial: true, embeds, out var chunks);
            using (chunks)
            {
                if (status != 0 || chunks is null) throw TokenizeFailed(status);
                var needed = (int)Math.Min(int.MaxValue, Math.Max(chunks.CountPositions(), (long)chunks.CountTokens()));
                if (needed >= contextSize) throw new ContextLengthExceededException(needed, contextSize);

                var pieces = Pieces(chunks);
                var units = pieces.SelectMany(p => p.Units).ToList();
                var (slot, kept) = slots.Take(generation, units, reuse, generation.Request.ConversationId);
                try
                {
                    var cached = slot.Content.Positions;
                    var (position, tail, encoded) = DecodeAfter(context, clip, slot, pieces, kept, batchSize);
                    generation.PromptedWithMedia(needed, cached, position, tail);
                    return encoded;
                }
                catch
                {
                    // What libmtmd decoded before it failed is not known unit by unit: the slot starts empty next time.
                    slots.Clear(slot);
                    throw;
                }
            }
        }
        finally
        {
            foreach (var embed in embeds) embed?.Dispose();
        }
    }

    /// <summary>One chunk of the tokenized prompt with the cache units it makes.</summary>
    private sealed record Piece(IntPtr Chunk, LLamaToken[]? Text, IReadOnlyList<PromptUnit> Units);

    private static List<Piece> Pieces(SafeMtmdInputChunks chunks)
    {
        var pieces = new List<Piece>();
        var seen = new Dictionary<string, int>();
        foreach (var chunk in chunks.Enumerate())
        {
            using (chunk)
            {
                if (chunk.Type == SafeMtmdInputChunk.SafeMtmdInputChunkType.Text)
                {
                    var tokens = chunk.GetTextTokensSpan().ToArray().Select(t => (LLamaToken)(int)t).ToArray();
                    pieces.Add(new Piece(chunk.NativePtr, tokens, [.. tokens.Select(t => PromptUnit.Token((int)t))]));
                    continue;
                }
                // A long sound is split into several chunks of one id: the occurrence tells them apart.
                var id = chunk.Id ?? "";
                var occurrence = seen[id] = seen.GetValueOrDefault(id) + 1;
                var unit = PromptUnit.Media(KeyOf(id, occurrence), (int)chunk.NPos, (int)chunk.NTokens);
                pieces.Add(new Piece(chunk.NativePtr, null, [unit]));
            }
        }
        return pieces;
    }

    private static ulong KeyOf(string id, int occurrence) =>
        BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}#{occurrence}")));

    /// <summary>Decodes every unit from <paramref name="kept"/> on up to the last medium; returns the next position and the trailing text.</summary>
    private static (int Position, ReadOnlyMemory<LLamaToken> Tail, int Encoded) DecodeAfter(
        SafeLLamaContextHandle context, MtmdWeights clip, KvSlot slot, List<Piece> pieces, int kept, int batchSize)
    {
        var position = slot.Content.Positions;
        var unit = 0;
        var encoded = 0;
        var text = new List<LLamaToken>();
        for (var p = 0; p < pieces.Count; p++)
        {
            var piece = pieces[p];
            if (piece.Text is { } tokens)
            {
                foreach (var token in tokens)
                    if (unit++ >= kept) text.Add(token);
                continue;
            }
            if (unit++ < kept) continue;

            DecodeText(context, slot, text, ref position, batchSize);
            text.Clear();
            var evaluated = clip.NativeHandle.EvaluateChunk(piece.Chunk, context, ref position, slot.Id, batchSize, logitsLast: p == pieces.Count - 1);
            if (evaluated != 0) throw new EngineFailedException($"The model failed to encode or decode the media prompt (status {evaluated}).");
            slot.Content.Add(piece.Units[0]);
            encoded++;
        }
        return (position, text.ToArray(), encoded);
    }

    /// <summary>Text between media, decoded in batch-sized pieces before the medium that follows it.</summary>
    private static void DecodeText(SafeLLamaContextHandle context, KvSlot slot, List<LLamaToken> tokens, ref int position, int batchSize)
    {
        var batch = new LLamaBatch();
        for (var start = 0; start < tokens.Count; start += batchSize)
        {
            batch.Clear();
            var count = Math.Min(batchSize, tokens.Count - start);
            for (var i = 0; i < count; i++) batch.Add(tokens[start + i], position + i, (LLamaSeqId)slot.Id, false);
            var result = context.Decode(batch);
            if (result != DecodeResult.Ok) throw new EngineFailedException($"The model failed to decode the media prompt's text ({result}).");
            position += count;
            for (var i = 0; i < count; i++) slot.Content.Add(PromptUnit.Token((int)tokens[start + i]));
        }
    }

    private static SafeMtmdEmbed Embed(MtmdWeights clip, MediaInput input)
    {
        var embed = input.Samples is { } samples
            ? SafeMtmdEmbed.FromAudioSamples(samples)
                ?? throw new InvalidRequestException("The audio in the messages could not be prepared for the model's audio encoder.", "messages", "invalid_audio")
            : SafeMtmdEmbed.FromMediaBuffer(clip.NativeHandle, input.Image!)
                ?? throw new InvalidRequestException("An image in the messages could not be decoded.", "messages", "invalid_image");
        if (input.Image is not null && embed.IsAudio)
        {
            embed.Dispose();
            throw new InvalidRequestException("An image in the messages decoded as audio.", "messages", "invalid_image");
        }
        MediaIds.Assign(embed, input.Id);
        return embed;
    }

    private static InvalidRequestException TokenizeFailed(int status) => status switch
    {
        1 => new InvalidRequestException("The text of the messages contains a media marker, so it no longer matches its images and audio.", "messages"),
        2 => new InvalidRequestException("An image or sound in the messages could not be preprocessed for the model's encoder (is it empty or too small?).", "messages", "invalid_media"),
        _ => new InvalidRequestException($"The multimodal prompt could not be tokenized (status {status}).", "messages"),
    };
}
