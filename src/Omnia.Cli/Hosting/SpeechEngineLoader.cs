using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Engines.Classic;
using Omnia.Engines.Classic.Espeak;
using Omnia.Engines.Classic.Pocketsphinx;
using Omnia.Models;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Registers the speech engines, best first, so OpenAI's model names (<c>whisper-1</c>, <c>tts-1</c>, …) mean the best
/// installed one. An engine whose Debian package is missing is listed as failed with the install line; the server
/// stays up and says so at startup and in each refused request.
/// </summary>
internal sealed class SpeechEngineLoader(ModelRegistry registry, ILogger<SpeechEngineLoader> logger) : IHostedService, IDisposable
{
    private PocketsphinxSpeechToTextClient? _pocketsphinx;
    private EspeakTextToSpeechClient? _espeak;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
    }

    private void Register(ServedModel model)
    {
        registry.Add(model);
        if (model.State == ServedModelState.Ready)
            logger.LogInformation("{Role} is served by {Engine}", model.Role, model.Id);
        else
            logger.LogWarning("{Role} engine {Engine} is unavailable: {Reason}", model.Role, model.Id, model.Error);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _pocketsphinx?.Dispose();
        _espeak?.Dispose();
    }
}
