import { button, h } from '../dom';
import { renderMarkdown } from '../markdown';
import type { ChatMessage, Conversation } from './conversation';
import { generatedImageView } from '../images/generated-image-view';

/** What the message list asks of the page when the user acts on a message. */
export interface MessageActions {
  regenerate(id: string): void;
  editAndResend(id: string, text: string): void;
  play(id: string): void;
  stopPlaying(): void;
}

/**
 * Renders a conversation's messages, keyed by id, so a streaming answer updates only its own element and the
 * buttons elsewhere keep their focus.
 */
export class MessageListView {
  private readonly elements = new Map<string, HTMLLIElement>();
  private readonly rendered = new Map<string, string>();
  private editingId: string | null = null;
  private playingId: string | null = null;
  private busy = false;
  private conversation: Conversation | null = null;

  constructor(
    private readonly list: HTMLOListElement,
    private readonly emptyState: HTMLElement,
    private readonly actions: MessageActions,
  ) {}

  render(conversation: Conversation, busy: boolean): void {
    if (this.conversation?.id !== conversation.id) this.editingId = null;
    this.conversation = conversation;
    this.busy = busy;
    const ids = new Set(conversation.messages.map((m) => m.id));
    for (const [id, element] of this.elements)
      if (!ids.has(id)) {
        element.remove();
        this.elements.delete(id);
        this.rendered.delete(id);
      }
    const last = conversation.messages.at(-1);
    conversation.messages.forEach((message, index) => {
      let element = this.elements.get(message.id);
      if (!element) {
        element = h('li', { class: `message ${message.role}`, 'data-message-id': message.id });
        this.elements.set(message.id, element);
      }
      if (this.list.children[index] !== element) this.list.insertBefore(element, this.list.children[index] ?? null);
      const signature = [message.text, message.status, message.error, message.images.length, message.progress, this.editingId === message.id,
        this.playingId === message.id, busy, message === last].join('\u0000');
      if (this.rendered.get(message.id) === signature) return;
      this.rendered.set(message.id, signature);
      this.fill(element, message, message === last);
    });
    this.emptyState.hidden = conversation.messages.length > 0;
  }

  setPlaying(id: string | null): void {
    this.playingId = id;
    if (this.conversation) this.render(this.conversation, this.busy);
  }

  /** Scrolls the newest message into view unless the reader has scrolled up to read earlier ones. */
  followIfAtBottom(wasAtBottom: boolean): void {
    if (wasAtBottom) this.list.lastElementChild?.scrollIntoView({ block: 'end' });
  }

  isAtBottom(): boolean {
    const scroller = document.scrollingElement ?? document.documentElement;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }

  private fill(element: HTMLLIElement, message: ChatMessage, isLast: boolean): void {
    element.className = `message ${message.role} ${message.status}`;
    element.setAttribute('aria-busy', String(message.status === 'streaming'));
    const label = h('span', { class: 'speaker' }, message.role === 'user' ? 'You' : 'Omnia');
    if (this.editingId === message.id) {
      element.replaceChildren(label, this.editor(message));
      return;
    }
    const parts: Node[] = [label];
    if (message.images.length > 0 && message.role === 'assistant')
      parts.push(...message.images.map((src, i) => generatedImageView(src, i, message.status === 'streaming')));
    else if (message.images.length > 0)
      parts.push(h('div', { class: 'images' }, ...message.images.map((src, i) =>
        h('img', { src, alt: `Attached image ${i + 1}`, loading: 'lazy' }))));
    if (message.text) {
      const body = h('div', { class: 'body' });
      if (message.role === 'assistant') body.innerHTML = renderMarkdown(message.text);
      else body.textContent = message.text;
      parts.push(body);
    } else if (message.status === 'streaming') parts.push(h('p', { class: 'thinking' }, message.progress ?? 'Thinking…'));
    if (message.status === 'stopped') parts.push(h('p', { class: 'note' }, 'Stopped.'));
    if (message.status === 'error') parts.push(this.errorBox(message));
    const actions = this.actionsFor(message, isLast);
    if (actions.length > 0) parts.push(h('div', { class: 'actions' }, ...actions));
    element.replaceChildren(...parts);
  }

  private errorBox(message: ChatMessage): HTMLElement {
    const box = h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Error: '), message.error ?? 'The answer failed.');
    if (message.retryable && !this.busy) box.append(' ', button('Retry', () => this.actions.regenerate(message.id), { class: 'primary' }));
    return box;
  }

  private actionsFor(message: ChatMessage, isLast: boolean): HTMLButtonElement[] {
    if (this.busy) return [];
    if (message.role === 'user')
      return [button('Edit', () => this.startEditing(message.id), { 'aria-label': 'Edit and resend this message' })];
    const actions: HTMLButtonElement[] = [];
    if (message.text) {
      actions.push(this.playingId === message.id
        ? button('Stop audio', () => this.actions.stopPlaying())
        : button('Play aloud', () => this.actions.play(message.id)));
      actions.push(button('Copy', () => void navigator.clipboard?.writeText(message.text), { 'aria-label': 'Copy answer' }));
    }
    if (isLast) actions.push(button('Regenerate', () => this.actions.regenerate(message.id)));
    return actions;
  }

  private startEditing(id: string): void {
    this.editingId = id;
    if (this.conversation) this.render(this.conversation, this.busy);
    this.elements.get(id)?.querySelector('textarea')?.focus();
  }

  private editor(message: ChatMessage): HTMLElement {
    const input = h('textarea', { 'aria-label': 'Edit message', rows: '3' });
    input.value = message.text;
    const stopEditing = () => {
      this.editingId = null;
      if (this.conversation) this.render(this.conversation, this.busy);
    };
    const send = () => {
      if (!input.value.trim() && message.images.length === 0) return;
      this.editingId = null;
      this.actions.editAndResend(message.id, input.value.trim());
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send();
      } else if (event.key === 'Escape') stopEditing();
    });
    return h('div', { class: 'editor' }, input, h('div', { class: 'actions' },
      button('Cancel', stopEditing), button('Send', send, { class: 'primary' })));
  }
}
