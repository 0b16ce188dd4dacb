import type { Conversation } from './conversation';

const conversationsKey = 'omnia.conversations.v1';
const activeKey = 'omnia.activeConversation';

/**
 * Conversations in localStorage, so they survive reloads. When the browser's quota is full the images are left
 * out of what is stored (the text is what matters most); they stay in memory for this visit.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();

  constructor() {
    for (const conversation of this.read()) {
      // A reload in the middle of an answer leaves it cut short, not spinning forever.
      for (const message of conversation.messages)
        if (message.status === 'streaming') message.status = 'stopped';
      this.conversations.set(conversation.id, conversation);
    }
  }

  /** Newest first. */
  list(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  save(conversation: Conversation): void {
    conversation.updatedAt = Date.now();
    this.conversations.set(conversation.id, conversation);
    this.write();
  }

  remove(id: string): void {
    this.conversations.delete(id);
    this.write();
  }

  get activeId(): string | null {
    return localStorage.getItem(activeKey);
  }

  set activeId(id: string | null) {
    if (id) localStorage.setItem(activeKey, id);
    else localStorage.removeItem(activeKey);
  }

  private read(): Conversation[] {
    try {
      const stored = JSON.parse(localStorage.getItem(conversationsKey) ?? '[]') as unknown;
      return Array.isArray(stored) ? (stored as Conversation[]) : [];
    } catch {
      return [];
    }
  }

  private write(): void {
    const all = [...this.conversations.values()];
    try {
      localStorage.setItem(conversationsKey, JSON.stringify(all));
    } catch {
      const textOnly = all.map((c) => ({ ...c, messages: c.messages.map((m) => ({ ...m, images: [] })) }));
      try {
        localStorage.setItem(conversationsKey, JSON.stringify(textOnly));
      } catch {
        // Storage is unavailable or full even without images: the conversation lives for this visit only.
      }
    }
  }
}
