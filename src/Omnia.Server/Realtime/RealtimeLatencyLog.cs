using System.Text.Json;
using Microsoft.Extensions.Logging;
using Omnia.Server.Realtime.Events;
using Omnia.Server.Realtime.Events.Server;
using Omnia.Voice.Conversation;

namespace Omnia.Server.Realtime;

/// <summary>Logs each answered turn's latency trace when its response ends: an observer of the conversation's frames.</summary>
internal sealed class RealtimeLatencyLog(ILogger logger) : IVoiceFrameObserver
{
    public void OnFrame(VoiceFrame frame)
    {
        if (frame is ResponseDoneFrame { Response.Trace: { } trace })
            logger.LogInformation("Realtime turn latency (ms after the end of speech): {Trace}", JsonSerializer.Serialize(RealtimeLatency.Of(trace), RealtimeJsonContext.Default.RealtimeLatency));
    }
}
