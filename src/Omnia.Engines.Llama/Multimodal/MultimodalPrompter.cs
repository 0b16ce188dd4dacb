using LLama;
using LLama.Batched;
using LLama.Native;
using Omnia.Errors;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Prompts a conversation with text and media. Runs on the decode loop's thread only: libmtmd's context is not
/// thread-safe. The encoder itself runs later, inside the executor's next decode.
/// </summary>
internal static class MultimodalPrompter
{
    /// <summary>Queues the prompt and returns the KV cells it takes; throws before queuing when it does not fit.</summary>
    /// <exception cref="InvalidRequestException">A medium cannot be decoded or the text and media do not match.</exception>
    /// <exception cref="ContextLengthExceededException">Text and media together exceed the context.</exception>
    public static int Prompt(Conversation conversation, MtmdWeights clip, MediaPrompt prompt, int contextSize)
    {
        var embeds = new SafeMtmdEmbed[prompt.Inputs.Count];
        try
        {
            for (var i = 0; i < embeds.Length; i++) embeds[i] = Embed(clip, prompt.Inputs[i]);

            // Tokenizing once here counts the positions the media take, so an oversized prompt is refused before
            // anything is queued (a native decode past the context would fail the whole batch instead).
            var status = clip.Tokenize(prompt.Text, addSpecial: true, parseSpecial: true, embeds, out var chunks);
            int needed;
            using (chunks)
            {
                if (status != 0 || chunks is null) throw TokenizeFailed(status);
                needed = (int)Math.Min(int.MaxValue, Math.Max(chunks.CountPositions(), (long)chunks.CountTokens()));
            }
            if (needed >= contextSize) throw new ContextLengthExceededException(needed, contextSize);

            conversation.Prompt(prompt.Text, embeds, addBos: true);
            return needed;
        }
        finally
        {
            // The tokenized chunks hold their own copy of each bitmap, so the embeds can go now.
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
