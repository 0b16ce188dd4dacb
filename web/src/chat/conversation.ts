/** Where an assistant message stands; user messages are always 'done'. */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  /** Downscaled images as data URLs (user messages), or the pictures drawn for a <c>/draw</c> (assistant messages). */
  images: string[];
  /** While a picture is being drawn, how far it has got. */
  progress?: string;
  status: MessageStatus;
  error?: string;
  /** Whether a second try may help (server down, stream dropped), so the error offers Retry. */
  retryable?: boolean;
  /** The id of the conversation item that holds this message on the server, once it is saved. */
  itemId?: string;
}

export interface Conversation {
  /** The page's key for it: the server's id, or a local one until it is first saved. */
  id: string;
  title: string;
  messages: ChatMessage[];
  updatedAt: number;
  /** What the server holds of it (see ConversationStore): its id, its title, the items its messages were saved as. */
  stored: { id?: string; title?: string; items: string[] };
  /** Whether its messages have been read from the server (a listed conversation is read when first opened). */
  loaded: boolean;
}

export function newId(): string {
  return crypto.randomUUID();
}

export function newConversation(): Conversation {
  return { id: newId(), title: 'New chat', messages: [], updatedAt: Date.now(), stored: { items: [] }, loaded: true };
}

/** The first words of the first user message, so the list tells conversations apart. */
export function titleOf(conversation: Conversation): string {
  const first = conversation.messages.find((m) => m.role === 'user');
  if (!first) return 'New chat';
  const text = first.text.trim().replace(/\s+/g, ' ');
  if (!text) return first.images.length > 0 ? 'Image' : 'New chat';
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
