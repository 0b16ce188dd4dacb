using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Engines.Onnx.Piper;
using Omnia.Engines.Whisper;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Registers the speech engines, best first, so OpenAI's model names (<c>whisper-1</c>, <c>tts-1</c>, …) mean the best
/// installed one: Whisper and Piper when their files are in the models directory, then the Debian engines. An engine
/// whose files or Debian package are missing is listed as failed with the reason; the server stays up and says so at
/// startup and in each refused request.
/// </summary>
internal sealed class SpeechEngineLoader(ServeSettings settings, ModelRegistry registry, ILogger<SpeechEngineLoader> logger) : IHostedService, IDisposable
{
    private WhisperSpeechToTextClient? _whisper;
    private PocketsphinxSpeechToTextClient? _pocketsphinx;
    private PiperTextToSpeechClient? _piper;
    private EspeakTextToSpeechClient? _espeak;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        RegisterWhisper();

        var recognition = new ServedModel(PocketsphinxSpeechToTextClient.ModelId, ModelRole.SpeechToText) { Languages = ["en"] };
        try
        {
            _pocketsphinx = new PocketsphinxSpeechToTextClient();
            recognition.MarkReady(_pocketsphinx);
            // The first decoder costs ~0.3 s to build; pay it now rather than in the first request.
            _ = Task.Run(() => _pocketsphinx.WarmUpAsync(cancellationToken: CancellationToken.None), CancellationToken.None);
        }
        catch (DebianPackageMissingException e)
        {
            recognition.MarkFailed(e.Message);
        }
        Register(recognition);

        RegisterPiper();

        var synthesis = new ServedModel(EspeakTextToSpeechClient.ModelId, ModelRole.TextToSpeech);
        try
        {
            _espeak = new EspeakTextToSpeechClient();
            var voices = await _espeak.ListVoicesAsync(cancellationToken);
            synthesis = new ServedModel(EspeakTextToSpeechClient.ModelId, ModelRole.TextToSpeech)
            {
                Languages = voices.SelectMany(v => v.Languages).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList(),
            };
            synthesis.MarkReady(_espeak);
        }
        catch (DebianPackageMissingException e)
        {
            synthesis.MarkFailed(e.Message);
        }
        Register(synthesis);

        foreach (var role in new[] { ModelRole.SpeechToText, ModelRole.TextToSpeech })
        {
            if (registry.FindBest(role) is { } best)
                logger.LogInformation("{Role} is served by {Engine}", role, best.Id);
        }
    }

    private void RegisterWhisper()
    {
        if (SpeechModelFiles.FindWhisperModel(settings.ModelsDir, settings.WhisperModel) is not { } path)
        {
            logger.LogInformation("Whisper is not installed: no ggml-*.bin in {Directory}", settings.ModelsDir);
            return;
        }
        var id = SpeechModelFiles.WhisperModelId(path);
        try
        {
            _whisper = new WhisperSpeechToTextClient(path, new WhisperSpeechToTextClientOptions { ModelId = id, Threads = settings.Threads ?? Environment.ProcessorCount });
            var served = new ServedModel(id, ModelRole.SpeechToText) { Languages = _whisper.Languages };
            // Whisper gives only a final transcript: live speech gets partials from a sliding window, so speculation
            // and semantic turn detection work with it.
            served.MarkReady(_whisper, new Omnia.Voice.Recognition.SlidingWindowPartialsSpeechToTextClient(_whisper));
            Register(served);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bad file or a runtime that cannot load here is reported; the Debian engine serves instead.
            Fail(new ServedModel(id, ModelRole.SpeechToText), e.Message);
        }
    }

    private void RegisterPiper()
    {
        if (SpeechModelFiles.FindPiperVoice(settings.ModelsDir, settings.PiperVoice) is not { } path)
        {
            logger.LogInformation("Piper is not installed: no voice (.onnx with .onnx.json) in {Directory}", settings.ModelsDir);
            return;
        }
        var id = SpeechModelFiles.PiperModelId(path);
        try
        {
            _piper = new PiperTextToSpeechClient(path, new EspeakPhonemizer(), new PiperTextToSpeechClientOptions
            {
                ModelId = id,
                VoiceAliases = VoiceAliases(),
                Threads = settings.Threads ?? Environment.ProcessorCount,
            });
            var served = new ServedModel(id, ModelRole.TextToSpeech) { Languages = [_piper.Language, .. _piper.Speakers] };
            served.MarkReady(_piper);
            Register(served);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(new ServedModel(id, ModelRole.TextToSpeech), e.Message);
        }
    }

    // The server maps OpenAI's voice names to engine voice ids for every engine at once; each distinct one gets its own
    // Piper speaker where the voice has several.
    private Dictionary<string, string> VoiceAliases()
    {
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var next = 0;
        foreach (var (openAiName, engineVoice) in settings.Voices ?? DefaultVoices.Espeak)
        {
            if (!aliases.TryGetValue(engineVoice, out var speaker))
            {
                speaker = (next++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                aliases[engineVoice] = speaker;
            }
            aliases.TryAdd(openAiName, speaker);
        }
        return aliases;
    }

    private void Fail(ServedModel model, string reason)
    {
        model.MarkFailed(reason);
        Register(model);
    }

    private void Register(ServedModel model)
    {
        registry.Add(model);
        if (model.State == ServedModelState.Ready)
            logger.LogInformation("{Role} engine {Engine} is ready", model.Role, model.Id);
        else
            logger.LogWarning("{Role} engine {Engine} is unavailable: {Reason}", model.Role, model.Id, model.Error);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _whisper?.Dispose();
        _pocketsphinx?.Dispose();
        _piper?.Dispose();
        _espeak?.Dispose();
    }
}
