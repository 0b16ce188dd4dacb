using Microsoft.Extensions.AI;
using Omnia.Audio;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Engines.Classic.Tesseract;
using Omnia.Errors;
using Omnia.Server.MediaCascade;
using Omnia.Speech;

namespace Omnia.Server.Tests.MediaCascade;

/// <summary>The media cascade as a chat client layer, with the real OCR (tesseract) and recognizer (pocketsphinx) engines.</summary>
public sealed class MediaCascadeChatClientTests : IAsyncLifetime, IDisposable
{
    private readonly RecordingChatClientFake _model = new();
    private readonly TesseractImageTextReader _ocr = new();
    private readonly PocketsphinxSpeechToTextClient _recognizer = new();
    private byte[] _png = null!;
    private byte[] _wav = null!;

    public async Task InitializeAsync()
    {
        _png = await TestImages.TextPngAsync("OMNIA READS THIS");
        _wav = await SpeechAudio.FliteWavAsync("What is the weather like today?");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _ocr.Dispose();
        _recognizer.Dispose();
    }

    private IChatClient Cascade(string[] modalities, bool ocr = true, bool recognizer = true) =>
        new ChatClientBuilder(_model)
            .UseMediaCascade(new MediaCascadeOptions
            {
                ModelId = "story",
                InputModalities = modalities,
                ImageReader = ocr ? _ocr : null,
                SpeechToText = () => recognizer ? _recognizer : null,
            })
            .Build();

    private List<ChatMessage> Conversation() =>
    [
        new(ChatRole.System, "You are terse."),
        new(ChatRole.User, [new TextContent("Look and listen."), new DataContent(_png, "image/png"), new DataContent(_wav, "audio/wav")]),
    ];

    [Fact]
    public async Task A_text_only_model_gets_the_images_text_quoted_and_the_audios_transcript_and_the_callers_messages_stay_as_they_were()
    {
        var messages = Conversation();
        var heard = await HeardAsync(_wav);

        var answer = await Cascade(["text"]).GetResponseAsync(messages);

        Assert.Equal("ok", answer.Text);
        var user = Assert.Single(_model.Requests)[^1].Contents;
        Assert.Equal("Look and listen.", Assert.IsType<TextContent>(user[0]).Text);
        var imageText = Assert.IsType<TextContent>(user[1]).Text;
        Assert.StartsWith($"[{UntrustedImageText.Notice}]", imageText);
        Assert.Contains("OMNIA", imageText);
        Assert.NotEmpty(heard);
        Assert.Equal(heard, Assert.IsType<TextContent>(user[2]).Text);
        Assert.IsType<DataContent>(messages[1].Contents[1]);
        Assert.IsType<DataContent>(messages[1].Contents[2]);
    }

    /// <summary>What the recognizer hears in a WAV clip given to it directly, as 16 kHz mono PCM.</summary>
    private async Task<string> HeardAsync(byte[] wav)
    {
        var audio = (await WavReader.ReadAsync(new MemoryStream(wav))).ToMono().Resample(SpeechProperties.InputSampleRate);
        var pcm = new byte[audio.Samples.Length * 2];
        PcmConverter.FloatToPcm16Bytes(audio.Samples.Span, pcm);
        var heard = await _recognizer.GetTextAsync(new MemoryStream(pcm), new SpeechToTextOptions { SpeechSampleRate = SpeechProperties.InputSampleRate });
        return heard.Text.Trim();
    }

    [Fact]
    public async Task A_medium_the_model_takes_passes_through_untouched_streamed_and_not()
    {
        var messages = Conversation();

        await Cascade(["text", "image"]).GetStreamingResponseAsync(messages).ToChatResponseAsync();
        await Cascade(["text", "audio"]).GetResponseAsync(messages);

        var (visionModel, audioModel) = (_model.Requests[0][1].Contents, _model.Requests[1][1].Contents);
        Assert.Same(messages[1].Contents[1], visionModel[1]);
        Assert.IsType<TextContent>(visionModel[2]);
        Assert.IsType<TextContent>(audioModel[1]);
        Assert.Same(messages[1].Contents[2], audioModel[2]);
        Assert.Same(messages[0], _model.Requests[0][0]); // a message without media is passed as it is
    }

    [Fact]
    public void For_a_model_that_takes_images_and_audio_it_adds_nothing()
    {
        Assert.Same(_model, Cascade(["text", "image", "audio"]));
    }

    [Fact]
    public async Task Without_ocr_an_image_for_a_text_only_model_is_a_bad_request_naming_its_part_before_the_model_is_asked()
    {
        var failure = await Assert.ThrowsAsync<InvalidRequestException>(() => Cascade(["text"], ocr: false).GetResponseAsync(Conversation()));
        var streamed = await Assert.ThrowsAsync<InvalidRequestException>(
            async () => await Cascade(["text"], ocr: false).GetStreamingResponseAsync(Conversation()).ToChatResponseAsync());

        Assert.All(new[] { failure, streamed }, f => Assert.Equal(("messages[1].content[1]", "model_has_no_vision"), (f.Param, f.Code)));
        Assert.Equal("Model 'story' has no vision input, and no image reader (OCR) is installed to describe the image in 'messages[1].content[1]'.", failure.Message);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task Without_speech_recognition_audio_for_a_model_without_audio_input_is_a_bad_request_naming_its_part()
    {
        var failure = await Assert.ThrowsAsync<InvalidRequestException>(() => Cascade(["text", "image"], recognizer: false).GetResponseAsync(Conversation()));

        Assert.Equal(("messages[1].content[2]", "model_has_no_audio"), (failure.Param, failure.Code));
        Assert.Equal("Model 'story' has no audio input, and no speech-to-text engine is available for 'messages[1].content[2]'.", failure.Message);
        Assert.Empty(_model.Requests);
    }

    [Fact]
    public async Task Audio_that_is_not_wav_is_a_bad_request_naming_its_part()
    {
        List<ChatMessage> messages = [new(ChatRole.User, [new DataContent("not audio"u8.ToArray(), "audio/wav")])];

        var failure = await Assert.ThrowsAsync<InvalidRequestException>(() => Cascade(["text"]).GetResponseAsync(messages));

        Assert.Equal(("messages[0].content[0]", "invalid_audio"), (failure.Param, failure.Code));
    }
}
