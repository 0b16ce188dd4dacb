namespace Omnia.Voice.Conversation;

/// <summary>How a chat model that has its own audio encoder gets the user's speech.</summary>
public enum AudioInputPath
{
    /// <summary>
    /// Recognition and text when a recognizer is at hand and the model's encoder runs on this machine's CPU (an audio
    /// encoder such as Qwen2.5-Omni's costs ~1,500 positions a clip, seconds a turn there, where recognition costs
    /// milliseconds); the model's own ears otherwise.
    /// </summary>
    Auto,

    /// <summary>The model hears the audio itself; recognition only writes the transcript for the client.</summary>
    Native,

    /// <summary>The model reads the recognized transcript (without a recognizer it hears the audio after all).</summary>
    Transcript,
}
