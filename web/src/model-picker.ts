import type { OmniaClient } from './api/omnia-client';
import type { ModelInfo } from './api/wire';
import { h } from './dom';

const chosenKey = 'omnia.model';

/** The chat models the server lists (role "chat"), with the user's last choice remembered across reloads. */
export class ModelPicker {
  private models: ModelInfo[] = [];

  constructor(
    private readonly select: HTMLSelectElement,
    private readonly client: OmniaClient,
  ) {
    select.addEventListener('change', () => localStorage.setItem(chosenKey, select.value));
  }

  get value(): string | null {
    return this.select.value || null;
  }

  /** The first ready model of a speech role ('stt' or 'tts'); the error says what the server lacks. */
  speechModel(role: 'stt' | 'tts'): string {
    const model = this.models.find((m) => m.role === role && m.status === 'ready');
    if (!model) throw new Error(`This server has no ${role === 'stt' ? 'speech recognition' : 'speech synthesis'} model.`);
    return model.id;
  }

  async load(): Promise<void> {
    this.models = await this.client.models();
    const chat = this.models.filter((m) => m.role === 'chat');
    const chosen = localStorage.getItem(chosenKey);
    this.select.replaceChildren(...chat.map((m) =>
      h('option', { value: m.id, selected: m.id === chosen }, m.status === 'ready' ? m.id : `${m.id} (${m.status})`)));
    this.select.disabled = chat.length === 0;
  }
}
