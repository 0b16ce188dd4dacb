using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Omnia.Engines.Remote;

/// <summary>
/// Keys for the prefixes of one request's conversation, shortest first: a hash chain in which each key covers the
/// conversation id (when the caller set one) and every message up to a point, so the next turn of a conversation,
/// which repeats this request's messages, finds this request's last key among its own.
/// </summary>
/// <remarks>
/// The shortest key is the conversation's leading content: its id, or else its system messages and first other
/// message. A system prompt alone is no key, so conversations that merely share one are still balanced.
/// </remarks>
internal sealed class ConversationPrefix
{
    private readonly UInt128[] _keys;

    private ConversationPrefix(UInt128[] keys) => _keys = keys;

    /// <summary>Every prefix's key, shortest first.</summary>
    public IReadOnlyList<UInt128> Keys => _keys;

    /// <summary>The conversation's leading content, the same on every turn.</summary>
    public UInt128 Leading => _keys[0];

    /// <summary>This request's whole conversation: the key its next turn looks for.</summary>
    public UInt128 Whole => _keys[^1];

    /// <summary>The prefix keys, or null when the request has no leading content to key (only system messages).</summary>
    public static ConversationPrefix? Of(IList<ChatMessage> messages, string? conversationId)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var keys = new List<UInt128>(messages.Count + 1);
        if (conversationId is not null)
        {
            AppendTagged(hash, 'C', conversationId);
            keys.Add(Current(hash));
        }
        var leadingSeen = false;
        foreach (var message in messages)
        {
            Append(hash, message);
            leadingSeen |= message.Role != ChatRole.System && !string.Equals(message.Role.Value, "developer", StringComparison.OrdinalIgnoreCase);
            if (leadingSeen) keys.Add(Current(hash));
        }
        return keys.Count == 0 ? null : new ConversationPrefix([.. keys]);
    }

    /// <summary>Each part is tagged and length-prefixed, so different messages never encode to the same bytes.</summary>
    private static void Append(IncrementalHash hash, ChatMessage message)
    {
        AppendTagged(hash, 'M', message.Role.Value);
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    AppendTagged(hash, 'T', text.Text);
                    break;
                case TextReasoningContent reasoning:
                    AppendTagged(hash, 'R', reasoning.Text);
                    break;
                case DataContent data:
                    AppendTagged(hash, 'D', data.MediaType);
                    AppendLength(hash, data.Data.Length);
                    hash.AppendData(data.Data.Span);
                    break;
                case UriContent uri:
                    AppendTagged(hash, 'U', uri.Uri.OriginalString);
                    break;
                case FunctionCallContent call:
                    AppendTagged(hash, 'F', call.CallId);
                    AppendTagged(hash, 'N', call.Name);
                    break;
                case FunctionResultContent result:
                    AppendTagged(hash, 'r', result.CallId);
                    AppendTagged(hash, 'V', result.Result?.ToString() ?? "");
                    break;
                default:
                    AppendTagged(hash, '?', content.GetType().Name);
                    break;
            }
        }
    }

    private static void AppendTagged(IncrementalHash hash, char tag, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(length + 5);
        try
        {
            buffer[0] = (byte)tag;
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), length);
            Encoding.UTF8.GetBytes(text, buffer.AsSpan(5));
            hash.AppendData(buffer, 0, length + 5);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        hash.AppendData(bytes);
    }

    /// <summary>The first 128 bits of the hash so far; the hash goes on from there.</summary>
    private static UInt128 Current(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetCurrentHash(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
