using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Omnia.Errors;

namespace Omnia.Server.Errors;

/// <summary>Maps whatever went wrong to the status and OpenAI error a client should see.</summary>
internal static class ErrorMapping
{
    public static ApiException ToApiException(Exception exception) => exception switch
    {
        ApiException api => api,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new ApiException(413, "The request body is too large.", ApiException.InvalidRequest, null, "request_too_large"),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message),
        JsonException json => OpenAI.RequestBody.InvalidType(OpenAI.JsonPath.FromSerializerPath(json.Path)),
        Omnia.Audio.AudioTooLargeException tooLarge => new ApiException(413, tooLarge.Message, ApiException.InvalidRequest, "file", "audio_too_large"),
        Omnia.Audio.InvalidAudioException audio => ApiException.BadRequest(audio.Message, "file", "invalid_audio"),
        Omnia.Audio.FfmpegNotFoundException ffmpeg => new ApiException(503, ffmpeg.Message, ApiException.Server, null, "codec_unavailable"),
        ContextLengthExceededException context => ApiException.BadRequest(context.Message, context.Param, context.Code),
        InvalidRequestException invalid => ApiException.BadRequest(invalid.Message, invalid.Param, invalid.Code),
        Omnia.Moderation.ContentPolicyViolationException violation =>
            ApiException.BadRequest(violation.Message, "messages", "content_policy_violation"),
        Omnia.Moderation.ModerationUnavailableException unavailable =>
            new ApiException(503, unavailable.Message, ApiException.Server, null, "moderation_unavailable"),
        // The guard answered outside its format: like an upstream's bad answer, not the caller's fault.
        Omnia.Moderation.GuardAnswerException guard => new ApiException(502, guard.Message, ApiException.Server, null, "engine_error"),
        // The client learns which store to blame, not its address or file: the detail is in the log.
        Omnia.Storage.StoreUnavailableException store =>
            new ApiException(503, $"The {store.StoreName} store is unavailable; retry shortly.", ApiException.Server, null, "store_unavailable"),
        EngineOverloadedException overloaded => new ApiException(503, overloaded.Message, ApiException.Server, null, "overloaded"),
        UpstreamFailedException { UpstreamStatus: >= 400 and < 500 and not 429 } upstream =>
            new ApiException(upstream.UpstreamStatus.Value, upstream.Message, ApiException.InvalidRequest, null, "upstream_error"),
        UpstreamFailedException upstream => new ApiException(502, upstream.Message, ApiException.Server, null, "upstream_error"),
        EngineFailedException failed => new ApiException(500, failed.Message, ApiException.Server, null, "engine_error"),
        _ => new ApiException(500, "The server had an error while processing your request.", ApiException.Server),
    };
}
