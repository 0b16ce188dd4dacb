import type { ConversationsApi } from '../api/conversations-api';
import type { WireConversation } from '../api/wire';
import type { ChatMessage, Conversation } from './conversation';
import { toItem, toMessage } from './conversation-items';

const activeKey = 'omnia.activeConversation';
/** Where the page kept conversations before they moved to the server: moved there once, then removed. */
const legacyKey = 'omnia.conversations.v1';
/** The sidebar lists this many of the newest conversations. */
const listed = 100;

/**
 * The conversations, kept on the server through <c>/v1/conversations</c>, so the list survives a cleared browser
 * and is the same in every browser (a self-hosted server is the user's own). A conversation's messages are read
 * when it is first opened. Changes go out one conversation at a time, in order: each save compares the messages
 * with what the server holds, deletes the items of messages that are gone (regenerated, edited) and appends the
 * settled messages not yet saved. Failed answers are never saved; a streaming one is saved when it ends. Only the
 * open conversation's id stays in the browser.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly saves = new Map<string, Promise<void>>();
  private active: Conversation | null = null;
  private pending = 0;

  constructor(
    private readonly api: ConversationsApi,
    /** Told when a save ends (the page shows whether everything is saved) and when one fails. */
    private readonly onSaved: (error?: string) => void,
  ) {}

  /** Whether changes are still on their way to the server. */
  get saving(): boolean {
    return this.pending > 0;
  }

  /** Reads the list from the server, first moving there what an older page kept in localStorage. */
  async load(): Promise<void> {
    await this.moveLegacy();
    for (const wire of await this.api.list(listed))
      if (!this.conversations.has(wire.id)) this.conversations.set(wire.id, fromWire(wire));
  }

  /** Newest first. */
  list(): Conversation[] {
    return [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** The conversation with its messages, read from the server the first time. */
  async open(id: string): Promise<Conversation | undefined> {
    const conversation = this.conversations.get(id);
    if (!conversation || conversation.loaded || !conversation.stored.id) return conversation;
    const items = await this.api.items(conversation.stored.id);
    const messages = items.flatMap((item) => toMessage(item) ?? []);
    conversation.messages = messages;
    conversation.stored.items = messages.map((m) => m.itemId!);
    conversation.loaded = true;
    return conversation;
  }

  /** The server id of the conversation open when the page was last used here, if any. */
  get lastActiveId(): string | null {
    return localStorage.getItem(activeKey);
  }

  /** Remembers which conversation is open, so a reload opens it again. */
  activate(conversation: Conversation | null): void {
    this.active = conversation;
    this.rememberActive();
  }

  /** Sends the conversation's changes to the server, after any of its earlier saves. */
  save(conversation: Conversation): void {
    conversation.updatedAt = Date.now();
    this.conversations.set(conversation.id, conversation);
    this.queue(conversation, () => this.sync(conversation));
  }

  remove(id: string): void {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    this.conversations.delete(id);
    this.queue(conversation, async () => {
      if (conversation.stored.id) await this.api.delete(conversation.stored.id);
    });
  }

  private queue(conversation: Conversation, work: () => Promise<void>): void {
    this.pending++;
    const next = (this.saves.get(conversation.id) ?? Promise.resolve())
      .then(work)
      .then(() => this.settle(), (error: unknown) => this.settle(`This conversation could not be saved on the server: ${describe(error)}`));
    this.saves.set(conversation.id, next);
  }

  private settle(error?: string): void {
    this.pending--;
    this.onSaved(error);
  }

  private async sync(conversation: Conversation): Promise<void> {
    if (!this.conversations.has(conversation.id)) return;
    const stored = conversation.stored;
    if (!stored.id) {
      stored.id = (await this.api.create({ title: conversation.title })).id;
      stored.title = conversation.title;
      if (conversation === this.active) this.rememberActive();
    }
    if (stored.title !== conversation.title) {
      await this.api.update(stored.id, { title: conversation.title });
      stored.title = conversation.title;
    }
    const kept = new Set(conversation.messages.map((m) => m.itemId));
    for (const itemId of stored.items.filter((id) => !kept.has(id))) await this.api.deleteItem(stored.id, itemId);
    stored.items = stored.items.filter((id) => kept.has(id));

    const unsaved: ChatMessage[] = [];
    for (const message of conversation.messages) {
      if (message.status === 'streaming') break;
      if (!message.itemId && message.status !== 'error' && (message.text || message.images.length > 0)) unsaved.push(message);
    }
    const items = await this.api.append(stored.id, unsaved.map(toItem));
    items.forEach((item, i) => {
      unsaved[i].itemId = item.id;
      stored.items.push(item.id!);
    });
  }

  private rememberActive(): void {
    const id = this.active?.stored.id;
    if (id) localStorage.setItem(activeKey, id);
    else localStorage.removeItem(activeKey);
  }

  /** Saves the conversations an older page kept in localStorage on the server, oldest first, then forgets them. */
  private async moveLegacy(): Promise<void> {
    let old: Conversation[];
    try {
      const parsed = JSON.parse(localStorage.getItem(legacyKey) ?? '[]') as unknown;
      old = Array.isArray(parsed) ? (parsed as Conversation[]) : [];
    } catch {
      old = [];
    }
    for (const conversation of old.sort((a, b) => a.updatedAt - b.updatedAt)) {
      const moved: Conversation = { ...conversation, stored: { items: [] }, loaded: true, messages: conversation.messages.map((m) => ({ ...m, status: m.status === 'streaming' ? 'stopped' : m.status, itemId: undefined })) };
      this.conversations.set(moved.id, moved);
      await this.sync(moved);
      // Listed again under its server id by the list that follows.
      this.conversations.delete(moved.id);
    }
    localStorage.removeItem(legacyKey);
  }
}

function fromWire(wire: WireConversation): Conversation {
  const title = wire.metadata?.title || 'Untitled';
  return { id: wire.id, title, messages: [], updatedAt: wire.created_at * 1000, stored: { id: wire.id, title, items: [] }, loaded: false };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
