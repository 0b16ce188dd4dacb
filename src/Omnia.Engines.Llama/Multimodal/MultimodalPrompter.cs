using LLama;
using LLama.Native;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Decodes a prompt of text and media into one KV sequence: libmtmd runs the encoder and decodes text and embeddings
/// in pieces of its own. Runs on the decode loop's thread only: libmtmd's context is not thread-safe, and ggml's
/// thread pool belongs to the thread that decodes.
/// </summary>
internal static class MultimodalPrompter
{
    /// <summary>Decodes the prompt; its logits are then the context's last row.</summary>
    /// <returns>The KV cells the prompt took and the position of the next token.</returns>
    /// <exception cref="InvalidRequestException">A medium cannot be decoded or the text and media do not match.</exception>
    /// <exception cref="ContextLengthExceededException">Text and media together exceed the context (checked before decoding).</exception>
    /// <exception cref="EngineFailedException">The encoder or the decode failed; the caller frees the sequence.</exception>
    public static (int Cells, int NextPosition) Decode(
        SafeLLamaContextHandle context, LLamaSeqId sequence, MtmdWeights clip, MediaPrompt prompt, int contextSize, int batchSize)
    {
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

                var position = 0;
                var evaluated = clip.EvaluateChunks(chunks, context, ref position, sequence.Value, batchSize, logitsLast: true);
                if (evaluated != 0) throw new EngineFailedException($"The model failed to encode or decode the media prompt (status {evaluated}).");
                return (needed, position);
            }
        }
        finally
        {
            foreach (var embed in embeds) embed?.Dispose();
        }
    }

    private static SafeMtmdEmbed Embed(MtmdWeights clip, MediaInput input)
    {
        if (input.Samples is { } samples)
        {
            return SafeMtmdEmbed.FromAudioSamples(samples)
                ?? throw new InvalidRequestException("The audio in the messages could not be prepared for the model's audio encoder.", "messages", "invalid_audio");
        }

        var embed = SafeMtmdEmbed.FromMediaBuffer(clip.NativeHandle, input.Image!)
            ?? throw new InvalidRequestException("An image in the messages could not be decoded.", "messages", "invalid_image");
        if (embed.IsAudio)
        {
            embed.Dispose();
            throw new InvalidRequestException("An image in the messages decoded as audio.", "messages", "invalid_image");
        }
        return embed;
    }

    private static InvalidRequestException TokenizeFailed(int status) => status switch
    {
        1 => new InvalidRequestException("The text of the messages contains a media marker, so it no longer matches its images and audio.", "messages"),
        2 => new InvalidRequestException("An image or sound in the messages could not be preprocessed for the model's encoder (is it empty or too small?).", "messages", "invalid_media"),
        _ => new InvalidRequestException($"The multimodal prompt could not be tokenized (status {status}).", "messages"),
    };
}
