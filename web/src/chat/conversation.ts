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
}

export interface Conversation {
  id: string;
  title: string;
  messages: ChatMessage[];
  updatedAt: number;
}

export function newId(): string {
  return crypto.randomUUID();
}

export function newConversation(): Conversation {
  return { id: newId(), title: 'New chat', messages: [], updatedAt: Date.now() };
}

/** The first words of the first user message, so the list tells conversations apart. */
export function titleOf(conversation: Conversation): string {
  const first = conversation.messages.find((m) => m.role === 'user');
  if (!first) return 'New chat';
  const text = first.text.trim().replace(/\s+/g, ' ');
  if (!text) return first.images.length > 0 ? 'Image' : 'New chat';
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
