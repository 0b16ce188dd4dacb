using Omnia.Server.Errors;
using Omnia.Server.OpenAI.Media;
using Omnia.Server.Realtime.Events.Client;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>
/// The pictures (<c>input_image</c> parts) of a client's <c>conversation.item.create</c>, made ready as chat's are
/// (<see cref="ChatMediaPreparer"/>): data URLs decoded, http(s) URLs fetched under the media address policy, each
/// checked against the decode budget, scaled and re-encoded as PNG. A bad one is an error naming its part.
/// </summary>
internal static class RealtimeImages
{
    public static async Task<IReadOnlyList<InputImage>> PrepareAsync(IReadOnlyList<RealtimeClientContentPart>? parts, ChatMediaPreparer media, CancellationToken cancellationToken)
    {
        if (parts is null) return [];
        List<InputImage> images = [];
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Type != "input_image") continue;
            var param = $"item.content[{i}].image_url";
            try
            {
                var png = await media.ImageFromUrlAsync(parts[i].ImageUrl!, parts[i].Detail, param, cancellationToken);
                images.Add(new InputImage(png.Data, png.MediaType!));
            }
            catch (ApiException e)
            {
                throw new RealtimeProtocolException(e.Code ?? "invalid_image", e.Message, e.Param ?? param);
            }
        }
        return images;
    }
}
