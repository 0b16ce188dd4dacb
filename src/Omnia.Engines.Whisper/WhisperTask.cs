namespace Omnia.Engines.Whisper;

/// <summary>What Whisper is asked to write: the speech in its own language, or an English translation of it.</summary>
internal enum WhisperTask
{
    Transcribe,
    Translate,
}
