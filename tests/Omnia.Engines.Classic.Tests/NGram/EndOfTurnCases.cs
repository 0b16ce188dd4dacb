namespace Omnia.Engines.Classic.Tests.NGram;

/// <summary>Held-out English turns: a phrase a speaker may pause in, and the same turn finished. Two prefixes are
/// themselves whole questions ("is it going to rain"): a model of sentence ends may rightly call them finished.</summary>
internal static class EndOfTurnCases
{
    public static readonly IReadOnlyList<(string Unfinished, string Finished, bool PrefixIsASentence)> Pairs =
    [
        ("could you book a table for", "could you book a table for four people tonight", false),
        ("i went to the", "i went to the store", false),
        ("what is the weather like", "what is the weather like today", true),
        ("turn on the lights in the", "turn on the lights in the kitchen please", false),
        ("can you tell me what you", "can you tell me what you think", false),
        ("i think that we should", "i think that we should go home", false),
        ("set an alarm for", "set an alarm for seven in the morning", false),
        ("i would like to order a", "i would like to order a pizza", false),
        ("remind me to call my", "remind me to call my mother tomorrow", false),
        ("play some music by", "play some music by the beatles", false),
        ("how do i get to the", "how do i get to the airport", false),
        ("my name is john and i", "my name is john and i live in boston", false),
        ("tell me a story about", "tell me a story about a dragon", false),
        ("what time does the", "what time does the store open", false),
        ("i need to find a", "i need to find a new job", false),
        ("send a message to", "send a message to my wife", false),
        ("is it going to rain", "is it going to rain tomorrow", true),
        ("we were talking about the", "we were talking about the weather", false),
    ];
}
