import { button, h } from '../dom';
import type { Conversation } from './conversation';

/** The sidebar's list of stored conversations: open one, or delete it. */
export class ConversationListView {
  constructor(
    private readonly list: HTMLUListElement,
    private readonly open: (id: string) => void,
    private readonly remove: (id: string) => void,
  ) {}

  render(conversations: Conversation[], activeId: string): void {
    this.list.replaceChildren(...conversations.map((c) => {
      const current = c.id === activeId;
      const openButton = button(c.title, () => this.open(c.id), { class: 'conversation-open', title: c.title });
      if (current) openButton.setAttribute('aria-current', 'true');
      const deleteButton = button('×', () => this.remove(c.id), { class: 'conversation-delete', 'aria-label': `Delete conversation: ${c.title}` });
      return h('li', { class: current ? 'current' : '' }, openButton, deleteButton);
    }));
  }
}
