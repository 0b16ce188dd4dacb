using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>A validated chat request in Microsoft.Extensions.AI terms, plus how to deliver the answer.</summary>
internal sealed record MappedChatRequest(string Model, List<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage, ChatAudioOutput? Audio);

/// <summary>A spoken answer was asked for (<c>modalities</c> includes audio): in this voice and format.</summary>
internal sealed record ChatAudioOutput(string Voice, string Format);
