using Microsoft.Extensions.AI;

namespace Omnia.Server.OpenAI.Chat;

/// <summary>A validated chat request in Microsoft.Extensions.AI terms, plus how to deliver the answer.</summary>
internal sealed record MappedChatRequest(string Model, List<ChatMessage> Messages, ChatOptions Options, bool Stream, bool IncludeUsage);
