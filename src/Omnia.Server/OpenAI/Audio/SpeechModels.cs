using Microsoft.Extensions.AI;
using Omnia.Catalog;
using Omnia.Models;
using Omnia.Server.Errors;

namespace Omnia.Server.OpenAI.Audio;

/// <summary>
/// Which engine answers an audio request. OpenAI's model names mean "the best installed engine for this role"; an
/// engine or catalog name picks that one.
/// </summary>
internal static class SpeechModels
{
    private static readonly HashSet<string> TranscriptionAliases = new(StringComparer.Ordinal) { "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe" };
    private static readonly HashSet<string> SpeechAliases = new(StringComparer.Ordinal) { "tts-1", "tts-1-hd", "gpt-4o-mini-tts" };

    public static (ServedModel Model, ISpeechToTextClient Client) SpeechToText(ModelRegistry registry, string? model) =>
        Resolve(registry, model, ModelRole.SpeechToText, TranscriptionAliases, m => m.SpeechToTextClient);

    public static (ServedModel Model, ITextToSpeechClient Client) TextToSpeech(ModelRegistry registry, string? model) =>
        Resolve(registry, model, ModelRole.TextToSpeech, SpeechAliases, m => m.TextToSpeechClient);

    private static (ServedModel, T) Resolve<T>(ModelRegistry registry, string? model, ModelRole role, HashSet<string> aliases, Func<ServedModel, T?> client)
        where T : class
    {
        if (string.IsNullOrEmpty(model))
            throw ApiException.BadRequest("You must provide a model parameter.", "model");
        if (!ModelName.IsSafe(model))
            throw ApiException.BadRequest($"{Echo.Quote(model)} is not a valid model name.", "model", "invalid_model_name");

        ServedModel? served;
        if (aliases.Contains(model))
        {
            served = registry.FindBest(role) ?? throw Unavailable(registry, role);
        }
        else
        {
            served = registry.Find(model) ?? throw ApiException.ModelNotFound(model);
            if (served.Role != role)
                throw ApiException.BadRequest($"Model '{model}' is a {served.Role} model, not a {role} model.", "model", "wrong_model_role");
            if (served.State == ServedModelState.Failed)
                throw new ApiException(503, $"Model '{model}' is unavailable: {served.Error}", ApiException.Server, "model", "model_unavailable");
        }
        return (served, client(served) ?? throw Unavailable(registry, role));
    }

    private static ApiException Unavailable(ModelRegistry registry, ModelRole role)
    {
        var reasons = registry.All.Where(m => m.Role == role && m.Error is not null).Select(m => $"{m.Id}: {m.Error}").ToList();
        var detail = reasons.Count > 0 ? " " + string.Join(" ", reasons) : "";
        return new ApiException(503, $"No {role} engine is available.{detail}", ApiException.Server, "model", "model_unavailable");
    }
}
