import { ApiError } from '../api/api-error';
import type { OmniaClient } from '../api/omnia-client';
import type { ContentPart, WireMessage } from '../api/wire';
import { newConversation, newId, titleOf, type ChatMessage, type Conversation } from './conversation';
import type { ConversationStore } from './conversation-store';
import { drawInto, drawPrompt } from '../images/draw-command';

/**
 * The conversation logic: send, stream, stop, regenerate, edit and resend. One answer streams at a time; the
 * view is told after every change through <c>onChange</c>, at most once per animation frame while streaming.
 */
export class ChatController {
  private current: Conversation;
  private abort: AbortController | null = null;
  private frame = 0;

  constructor(
    private readonly client: OmniaClient,
    private readonly store: ConversationStore,
    private readonly model: () => string | null,
    private readonly onChange: () => void,
    private readonly onError: (message: string) => void,
  ) {
    this.current = newConversation();
  }

  /** Opens the conversation that was open when the page was last used in this browser, if it is still listed. */
  async restore(): Promise<void> {
    const id = this.store.lastActiveId;
    if (id && this.store.get(id) && this.current.messages.length === 0) await this.open(id);
  }

  get conversation(): Conversation {
    return this.current;
  }

  get busy(): boolean {
    return this.abort !== null;
  }

  async open(id: string): Promise<void> {
    let conversation: Conversation | undefined;
    try {
      conversation = await this.store.open(id);
    } catch (error) {
      this.onError(`Could not open the conversation: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!conversation || conversation === this.current) return;
    this.stop();
    this.current = conversation;
    this.store.activate(conversation);
    this.onChange();
  }

  startNew(): void {
    this.stop();
    this.current = newConversation();
    this.store.activate(null);
    this.onChange();
  }

  remove(id: string): void {
    if (id === this.current.id) this.startNew();
    this.store.remove(id);
    this.onChange();
  }

  async send(text: string, images: string[]): Promise<void> {
    if (this.busy || (!text && images.length === 0)) return;
    this.current.messages.push({ id: newId(), role: 'user', text, images, status: 'done' });
    await this.answer();
  }

  /** Drops the given assistant message (and anything after it) and asks again. */
  async regenerate(id: string): Promise<void> {
    const index = this.current.messages.findIndex((m) => m.id === id);
    if (this.busy || index < 0) return;
    this.current.messages.splice(index);
    await this.answer();
  }

  /** Replaces a user message's text, forgets everything after it, and asks again. */
  async editAndResend(id: string, text: string): Promise<void> {
    const index = this.current.messages.findIndex((m) => m.id === id);
    if (this.busy || index < 0) return;
    // A changed message is a new item: the stored one goes, with everything after it.
    this.current.messages[index] = { ...this.current.messages[index], text, itemId: undefined };
    this.current.messages.splice(index + 1);
    await this.answer();
  }

  stop(): void {
    this.abort?.abort();
  }

  private async answer(): Promise<void> {
    // The user may open another conversation while this one streams: the answer stays with its own.
    const conversation = this.current;
    const model = this.model();
    const reply: ChatMessage = { id: newId(), role: 'assistant', text: '', images: [], status: 'streaming' };
    const history = toWire(conversation.messages);
    const drawing = drawPrompt(conversation.messages.at(-1)?.text);
    conversation.messages.push(reply);
    conversation.title = titleOf(conversation);
    this.store.activate(conversation);
    const abort = new AbortController();
    this.abort = abort;
    this.save(conversation);
    try {
      if (drawing !== null) await drawInto(this.client, drawing, reply, abort.signal, () => this.changedSoon());
      else if (!model) throw new ApiError('No chat model is available on this server yet.', 'http', 503);
      else
        for await (const text of this.client.streamChat({ model, messages: history }, abort.signal)) {
          reply.text += text;
          this.changedSoon();
        }
      reply.status = 'done';
    } catch (error) {
      reply.progress = undefined;
      if (abort.signal.aborted) reply.status = 'stopped';
      else {
        reply.status = 'error';
        reply.error = error instanceof Error ? error.message : String(error);
        reply.retryable = error instanceof ApiError && error.retryable;
      }
    } finally {
      if (this.abort === abort) this.abort = null;
      this.save(conversation);
    }
  }

  private save(conversation: Conversation): void {
    cancelAnimationFrame(this.frame);
    this.store.save(conversation);
    this.onChange();
  }

  private changedSoon(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.onChange());
  }
}

/** The conversation as OpenAI messages: failed or empty answers are left out, images go as data-URL parts. */
function toWire(messages: ChatMessage[]): WireMessage[] {
  return messages
    .filter((m) => m.role === 'user' || (m.text && m.status !== 'error'))
    .map((m): WireMessage => {
      if (m.images.length === 0) return { role: m.role, content: m.text };
      const parts: ContentPart[] = m.images.map((url) => ({ type: 'image_url', image_url: { url } }));
      if (m.text) parts.unshift({ type: 'text', text: m.text });
      return { role: m.role, content: parts };
    });
}
