using OpenAI.Realtime;

namespace Omnia.Bench.RealtimeConversation;

/// <summary>One realtime server event as the official SDK parsed it, stamped with the bench's timestamp on its receipt.</summary>
#pragma warning disable OPENAI002 // The SDK's realtime types are experimental; the bench measures Omnia through them as a user's client would.
internal sealed record ReceivedUpdate(RealtimeServerUpdate Update, long ReceivedTimestamp);
