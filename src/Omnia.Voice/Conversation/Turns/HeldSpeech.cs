namespace Omnia.Voice.Conversation;

/// <summary>
/// Speech that began over the assistant's voice and is not yet known to be an interruption: it starts a turn once it
/// says a word that is not a backchannel or goes on long enough, and is dropped unheard otherwise.
/// </summary>
/// <param name="AudioStartMs">Where the speech began (with the prefix padding), announced if it becomes a turn.</param>
/// <param name="SpeechStartMs">Where the speech itself began: its length is counted from here.</param>
internal sealed record HeldSpeech(long AudioStartMs, long SpeechStartMs);
