using Omnia.Audio;

namespace Omnia.Voice.Conversation;

/// <summary>
/// More audio of a spoken answer, mono PCM at <see cref="Format"/>'s rate, for the transport to encode in that format.
/// <see cref="Trace"/> is set on a turn's first audio: the transport marks when it actually went out.
/// </summary>
public sealed record AudioDeltaFrame(string ResponseId, string ItemId, PcmAudio Audio, VoiceAudioFormat Format, LatencyTrace? Trace = null) : VoiceFrame;
