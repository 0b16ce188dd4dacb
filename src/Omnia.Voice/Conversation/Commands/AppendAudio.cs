namespace Omnia.Voice.Conversation;

/// <summary>More of the user's audio: 16 kHz mono samples, heard by the turn detector and the live transcriber.</summary>
public sealed record AppendAudio(float[] Samples) : VoiceCommand;
