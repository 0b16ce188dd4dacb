namespace Omnia.Server.OpenAI.Responses;

/// <summary>Where an <c>image_generation</c> call stands, one stream event each.</summary>
internal enum ImageGenerationCallStage
{
    InProgress,
    Generating,
    PartialImage,
    Completed,
}
