using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Omnia.Models;
using Omnia.Moderation;

namespace Omnia.Server.OpenAI.Moderation;

/// <summary><c>POST /v1/moderations</c>: each input classified by the guard model, answered in OpenAI's categories.</summary>
internal static class ModerationsEndpoint
{
    private static readonly IReadOnlyList<string> TextOnly = ["text"];

    public static async Task<IResult> HandleAsync(HttpContext context, ModelRegistry registry)
    {
        var cancellation = context.RequestAborted;
        var request = await RequestBody.ReadAsync<ModerationRequest>(context, cancellation);
        var inputs = ModerationInput.Parse(request.Input);
        var (model, guard) = ModerationModels.Resolve(registry, request.Model);

        // Inputs go to the engine together, so its batch decodes them side by side.
        var results = await Task.WhenAll(inputs.Select(text => guard.ModerateAsync([new ChatMessage(ChatRole.User, text)], cancellation)));
        return Results.Json(
            new ModerationResponse("modr-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), model, results.Select(ToDto).ToList()),
            OpenAIJson.Options);
    }

    private static ModerationResultDto ToDto(ModerationResult result) => new(
        result.Flagged,
        ModerationCategories.All.ToDictionary(c => c, result.Categories.Contains),
        ModerationCategories.All.ToDictionary(c => c, result.Score),
        ModerationCategories.All.ToDictionary(c => c, _ => TextOnly));
}
