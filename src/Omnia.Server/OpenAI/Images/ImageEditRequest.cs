using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Images;

/// <summary>The checked form of <c>POST /v1/images/edits</c>: the fields it shares with generations, the images, the mask and Omnia's <c>strength</c>.</summary>
internal sealed record ImageEditRequest(ImageGenerationRequestDto Fields, IReadOnlyList<DataContent> Images, DataContent? Mask, double? Strength);
