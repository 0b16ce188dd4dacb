using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Errors;
using Omnia.Gguf;

namespace Omnia.Engines.Llama.Tests;

/// <summary>
/// The native multimodal path with generated random-weight projectors: images and audio go through libmtmd's
/// encoders into the language model inside the batched decode loop.
/// </summary>
/// <remarks>
/// Answers are compared as sampled text at temperature 1 with a fixed seed, 24 tokens long and past end-of-text: the
/// sampler's random draws are then the same for every call, so the same prompt gives the same text, and a change in
/// the prompt's embeddings shifts the logits and with them (over 24 draws) the text. Random weights at 1/√fan_in keep
/// the logits spread, so sampling does not collapse onto one token the way greedy decoding can.
/// </remarks>
public sealed class MultimodalEngineTests(MultimodalModels models) : IClassFixture<MultimodalModels>
{
    private readonly IChatClient _vision = models.Vision.CreateChatClient("tiny-vision");
    private readonly IChatClient _audio = models.Audio.CreateChatClient("tiny-audio");

    private static ChatOptions Sampled(int maxTokens = 24) =>
        new() { MaxOutputTokens = maxTokens, Seed = 7, Temperature = 1f, TopK = 0, AdditionalProperties = new() { ["ignore_eos"] = true } };

    private static ChatMessage Ask(params AIContent[] contents) => new(ChatRole.User, [new TextContent("What is this? "), .. contents]);

    private static DataContent Png(byte[] png) => new(png, "image/png");

    private static DataContent Wav(PcmAudio audio) => new(WavWriter.Encode(audio), "audio/wav");

    /// <summary>A stereo tone at 44.1 kHz, so the engine has to downmix and resample it to the encoder's 16 kHz.</summary>
    private static PcmAudio Tone(double hertz, double seconds = 1)
    {
        var frames = (int)(44100 * seconds);
        var samples = new float[frames * 2];
        for (var i = 0; i < frames; i++) samples[2 * i] = samples[2 * i + 1] = (float)(0.5 * Math.Sin(2 * Math.PI * hertz * i / 44100));
        return new PcmAudio(samples, 44100, 2);
    }

    [Fact]
    public void The_projectors_set_the_input_modalities_and_the_audio_rate()
    {
        Assert.Equal(["text", "image"], models.Vision.InputModalities);
        Assert.Equal(["text", "audio"], models.Audio.InputModalities);
        Assert.Equal(["text", "image", "audio"], models.Omni.InputModalities);
        Assert.Null(models.Vision.AudioSampleRate);
        Assert.Equal(16000, models.Audio.AudioSampleRate);
    }

    [Fact]
    public async Task An_image_reaches_the_network_and_changes_the_answer()
    {
        var red = (await _vision.GetResponseAsync([Ask(Png(TestPng.Solid(32, 32, 255, 0, 0)))], Sampled())).Text;
        var redAgain = (await _vision.GetResponseAsync([Ask(Png(TestPng.Solid(32, 32, 255, 0, 0)))], Sampled())).Text;
        var checkered = (await _vision.GetResponseAsync([Ask(Png(TestPng.Checkered(32, 32)))], Sampled())).Text;
        var none = (await _vision.GetResponseAsync([Ask()], Sampled())).Text;

        Assert.Equal(red, redAgain);
        Assert.NotEqual(red, checkered);
        Assert.NotEqual(red, none);
    }

    [Fact]
    public async Task The_image_fills_its_patches_in_the_prompt_and_a_larger_image_is_scaled_to_the_encoder()
    {
        var none = await _vision.GetResponseAsync([Ask()], Sampled(1));
        var small = await _vision.GetResponseAsync([Ask(Png(TestPng.Solid(32, 32, 0, 255, 0)))], Sampled(1));
        var large = await _vision.GetResponseAsync([Ask(Png(TestPng.Checkered(200, 120)))], Sampled(1));

        // The image's patches, plus at most a token or two where the text is split around the media marker.
        var patches = ClipVisionShape.Tiny(64).PatchCount;
        Assert.InRange(small.Usage!.InputTokenCount!.Value - none.Usage!.InputTokenCount!.Value, patches, patches + 2);
        Assert.Equal(small.Usage.InputTokenCount, large.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task Audio_reaches_the_network_and_changes_the_answer()
    {
        // Each sound costs a padded 30 s chunk of encoder work, so this test keeps to two (the image test shows the
        // same path gives the same text for the same input).
        var low = await _audio.GetResponseAsync([Ask(Wav(Tone(220)))], Sampled());
        var high = await _audio.GetResponseAsync([Ask(Wav(Tone(3000)))], Sampled());
        var none = await _audio.GetResponseAsync([Ask()], Sampled());

        Assert.NotEqual(low.Text, high.Text);
        Assert.NotEqual(low.Text, none.Text);
        // One second is padded to 30 s chunks: measured 1542 positions here (750 per chunk plus the audio markers).
        Assert.InRange(low.Usage!.InputTokenCount!.Value - none.Usage!.InputTokenCount!.Value, 750, 1600);
    }

    [Fact]
    public async Task Text_an_image_and_a_sound_in_one_message_all_reach_a_model_with_both_encoders()
    {
        var omni = models.Omni.CreateChatClient("tiny-omni");
        var none = await omni.GetResponseAsync([Ask()], Sampled(8));
        var both = await omni.GetResponseAsync([Ask(Png(TestPng.Checkered(32, 32)), new TextContent(" and hear this: "), Wav(Tone(440)))], Sampled(8));

        var grown = both.Usage!.InputTokenCount!.Value - none.Usage!.InputTokenCount!.Value;
        Assert.InRange(grown, ClipVisionShape.Tiny(64).PatchCount + 750, ClipVisionShape.Tiny(64).PatchCount + 1600);
        Assert.Equal(8, both.Usage.OutputTokenCount);
        // The image, and the sound's two encoder chunks (see the audio test's 1542 positions).
        Assert.Equal(3, models.Omni.Counters.MediaInputs);
    }

    [Fact]
    public async Task A_multimodal_and_a_text_request_are_served_together_by_the_one_decode_loop()
    {
        // A model of its own, so its counters see only these two requests.
        using var model = LlamaModel.Load(models.Options(models.VisionProjectorPath));
        var client = model.CreateChatClient("tiny-vision");

        // The text request runs long; the image request joins while it is generating.
        await using var text = client.GetStreamingResponseAsync([new(ChatRole.User, "Once upon a time")], Sampled(1500)).GetAsyncEnumerator();
        Assert.True(await text.MoveNextAsync());
        var before = model.Counters.GeneratedTokens;
        var image = await client.GetResponseAsync([Ask(Png(TestPng.Checkered(32, 32)))], Sampled(32));
        var during = model.Counters.GeneratedTokens - before;
        var stillGenerating = model.Counters.ActiveRequests;
        while (await text.MoveNextAsync())
        {
        }

        Assert.Equal(32, image.Usage!.OutputTokenCount);
        // The text kept decoding while the image was encoded and answered: the loop interleaved both requests.
        Assert.True(during > 32, $"{during} tokens decoded while the image request ran");
        Assert.Equal(1, stillGenerating);
        Assert.Equal(1, model.Counters.MediaInputs);
        Assert.Equal(2, model.Counters.CompletedRequests);
    }

    [Fact]
    public async Task An_image_in_the_prefix_is_reused_from_the_cache_by_its_bytes_and_answers_as_if_decoded_whole()
    {
        // A model of its own, so the slots hold only these conversations.
        using var model = LlamaModel.Load(models.Options(models.VisionProjectorPath));
        var client = model.CreateChatClient("tiny-vision");
        // Greedy: the cached cells were decoded in other batch shapes than a whole prefill's, and at temperature 1 the
        // last bits of rounding that leaves would pick other tokens by chance, not by a fault.
        static ChatOptions Greedy(bool cache = true) =>
            new() { Temperature = 0, MaxOutputTokens = 24, AdditionalProperties = new() { ["ignore_eos"] = true, ["cache_prompt"] = cache } };
        var image = TestPng.Checkered(32, 32);

        var first = await client.GetResponseAsync([Ask(Png(image))], Greedy());
        // The same bytes in a new array: matched by their hash, not by reference.
        List<ChatMessage> history = [Ask(Png([.. image])), new(ChatRole.Assistant, first.Text), new(ChatRole.User, "And then?")];
        var second = await client.GetResponseAsync(history, Greedy());
        var decodedWhole = await client.GetResponseAsync(history, Greedy(cache: false));

        Assert.Equal(decodedWhole.Text, second.Text);
        // Encoded for the first turn and for the whole decode, not for the turn that found it in the cache.
        Assert.Equal(2, model.Counters.MediaInputs);
        Assert.True(second.Usage!.CachedInputTokenCount >= first.Usage!.InputTokenCount - 1,
            $"{second.Usage.CachedInputTokenCount} cached of the first turn's {first.Usage.InputTokenCount}");

        // Another image in the same place: only the text before it is reused.
        var other = await client.GetResponseAsync([Ask(Png(TestPng.Solid(32, 32, 9, 9, 9)))], Greedy());
        Assert.InRange(other.Usage!.CachedInputTokenCount!.Value, 1, other.Usage.InputTokenCount!.Value - ClipVisionShape.Tiny(64).PatchCount);
        Assert.Equal(3, model.Counters.MediaInputs);
    }

    [Fact]
    public async Task Corrupt_and_oversized_media_are_refused_with_clear_errors_and_the_model_keeps_serving()
    {
        async Task<InvalidRequestException> Refused(IChatClient client, params AIContent[] contents) =>
            await Assert.ThrowsAnyAsync<InvalidRequestException>(() => client.GetResponseAsync([Ask(contents)], Sampled(4)));

        var png = TestPng.Solid(32, 32, 1, 2, 3);
        Assert.Contains("PNG or JPEG", (await Refused(_vision, new DataContent(new byte[] { 1, 2, 3, 4, 5 }, "image/png"))).Message);
        Assert.Equal("invalid_image", (await Refused(_vision, Png(png[..(png.Length - 20)]))).Code);
        Assert.Equal("image_too_large", (await Refused(_vision, Png(TestPng.HeaderOnly(100_000, 100_000)))).Code);
        Assert.Equal("invalid_image", (await Refused(_vision, Png(TestPng.HeaderOnly(64, 64)))).Code);
        Assert.Equal("invalid_audio", (await Refused(_audio, new DataContent("RIFF....WAVEjunk"u8.ToArray(), "audio/wav"))).Code);
        Assert.Equal("invalid_audio", (await Refused(_audio, Wav(new PcmAudio(Array.Empty<float>(), 16000)))).Code);
        Assert.Equal("unsupported_content", (await Refused(_vision, Wav(Tone(440)))).Code);
        Assert.Equal("unsupported_content", (await Refused(_audio, Png(png))).Code);
        Assert.Contains("<__media__>", (await Refused(_vision, new TextContent("<__media__>"), Png(png))).Message);
        Assert.Contains("<image>", (await Refused(_vision, Png(png), new TextContent("<image>"))).Message);

        var after = await _vision.GetResponseAsync([Ask(Png(png))], Sampled(4));
        Assert.Equal(4, after.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Cancelling_a_request_while_its_sound_is_encoded_frees_its_slot()
    {
        using var cancel = new CancellationTokenSource();
        var pending = _audio.GetResponseAsync([Ask(Wav(Tone(660)))], Sampled(200), cancel.Token);
        for (var i = 0; i < 500 && models.Audio.Counters.ActiveRequests == 0; i++) await Task.Delay(5);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        for (var i = 0; i < 2000 && models.Audio.Counters.ActiveRequests > 0; i++) await Task.Delay(10);
        Assert.Equal(0, models.Audio.Counters.ActiveRequests);
        Assert.Equal(4, (await _audio.GetResponseAsync([Ask()], Sampled(4))).Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Media_that_overflow_the_context_are_refused_before_decoding()
    {
        using var small = LlamaModel.Load(models.Options(models.AudioProjectorPath, contextSize: 512));
        var client = small.CreateChatClient("tiny-audio-512");

        var error = await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.GetResponseAsync([Ask(Wav(Tone(440)))], Sampled(4)));

        Assert.Equal(512, error.ContextSize);
        Assert.True(error.PromptTokens >= 512);
        Assert.Equal(0, small.Counters.DecodeSteps);
        Assert.Equal(4, (await client.GetResponseAsync([Ask()], Sampled(4))).Usage!.OutputTokenCount);
    }
}
