import { button } from './dom';

/** The line above the conversation for page-level news: the server is down, no key, a file could not be read. */
export class Banner {
  constructor(private readonly element: HTMLElement) {}

  show(message: string, retry?: () => void): void {
    this.element.replaceChildren(message);
    if (retry) this.element.append(' ', button('Retry', () => { this.hide(); retry(); }, { class: 'primary' }));
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
