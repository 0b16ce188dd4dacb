using System.Text.Json;
using Microsoft.Extensions.AI;
using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Chat;
using Omnia.Server.OpenAI.Images;

namespace Omnia.Server.OpenAI.Responses;

/// <summary>
/// A request's <c>image_generation</c> tool: its image options, checked by the rules of <c>/v1/images/generations</c>
/// (each refusal names <c>tools[i].…</c>), and the function the chat model is offered in its place, as OpenAI's hosted
/// tool looks from the model's side: <c>image_generation</c> with one <c>prompt</c> argument.
/// </summary>
internal sealed record ImageGenerationToolSpec(ResponseToolDto Tool, string Param)
{
    public const string Type = "image_generation";

    /// <summary>
    /// The longest prompt the model may write: diffusion text encoders read 77 tokens (a few hundred characters), and the
    /// bound lets the grammar end a call that a small model would otherwise ramble on to its token limit.
    /// </summary>
    public const int MaxPromptCharacters = 1000;

    /// <summary>The name of the function the model calls to draw.</summary>
    public const string FunctionName = "image_generation";

    private static readonly JsonElement PromptSchema = JsonSerializer.SerializeToElement(new
    {
        type = "object",
        properties = new { prompt = new { type = "string", description = "A detailed description of the image to draw.", maxLength = MaxPromptCharacters } },
        required = new[] { "prompt" },
        additionalProperties = false,
    });

    /// <summary>Checks the tool's options now, so a bad one is a 400 before the model runs.</summary>
    public static ImageGenerationToolSpec From(ResponseToolDto tool, string param)
    {
        var spec = new ImageGenerationToolSpec(tool, param);
        spec.Settings("a picture", "");
        return spec;
    }

    public AIFunctionDeclaration Declaration() => ChatToolMapper.Declaration(FunctionName,
        "Draws an image from a text description and shows it to the user. Call it when the user asks for a picture.", PromptSchema, Param);

    /// <summary>The image request for one call: one image, with partial images as the tool asked.</summary>
    public ImageGenerationSettings Settings(string prompt, string modelId)
    {
        var request = new ImageGenerationRequestDto
        {
            Prompt = prompt,
            Size = Tool.Size,
            Quality = Tool.Quality,
            OutputFormat = Tool.OutputFormat,
            OutputCompression = Tool.OutputCompression,
            Background = Tool.Background,
            Stream = Tool.PartialImages is > 0,
            PartialImages = Tool.PartialImages,
        };
        try
        {
            return ImageGenerationSettings.From(request, modelId, maxImages: 1);
        }
        catch (ApiException e) when (e.Param is not null and not "prompt")
        {
            throw new ApiException(e.Status, e.Message, e.Type, $"{Param}.{e.Param}", e.Code);
        }
    }
}
