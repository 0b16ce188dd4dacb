import { h } from '../dom';

/** What the voice mode asks of the session: sent in its <c>session.update</c>. */
export interface VoiceSettingsValue {
  voice: string;
  instructions: string;
  turnDetection: 'server_vad' | 'semantic_vad';
  translateTo: string | null;
}

const voices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
const storageKey = 'omnia.voice-settings';

function labelled(label: string, control: HTMLElement): HTMLElement {
  // The control's own label, since a wrapping <label> would also read out every option of a select.
  control.setAttribute('aria-label', label);
  return h('label', { class: 'voice-setting' }, h('span', {}, label), control);
}

function select(options: Array<[string, string]>, value: string): HTMLSelectElement {
  const element = h('select', {}) as HTMLSelectElement;
  for (const [optionValue, text] of options) element.append(h('option', { value: optionValue }, text));
  element.value = value;
  return element;
}

/** The voice mode's settings: voice, instructions, turn detection and the live-translation preset, kept in localStorage. */
export class VoiceSettings {
  readonly element: HTMLElement;
  private readonly voice: HTMLSelectElement;
  private readonly instructions: HTMLTextAreaElement;
  private readonly turnDetection: HTMLSelectElement;
  private readonly translate: HTMLSelectElement;

  constructor() {
    const saved = VoiceSettings.load();
    this.voice = select(voices.map((v) => [v, v]), saved.voice);
    this.instructions = h('textarea', { rows: '2' }) as HTMLTextAreaElement;
    this.instructions.value = saved.instructions;
    this.turnDetection = select([['server_vad', 'Silence (server VAD)'], ['semantic_vad', 'End of sentence (semantic VAD)']], saved.turnDetection);
    this.translate = select([['', 'Off'], ['es', 'Interpret English → Spanish']], saved.translateTo ?? '');
    for (const control of [this.voice, this.instructions, this.turnDetection, this.translate])
      control.addEventListener('change', () => localStorage.setItem(storageKey, JSON.stringify(this.value)));
    this.element = h('details', { class: 'voice-settings' }, h('summary', {}, 'Voice settings'),
      labelled('Voice', this.voice), labelled('Instructions', this.instructions),
      labelled('Turn detection', this.turnDetection), labelled('Live translation', this.translate));
  }

  get value(): VoiceSettingsValue {
    return {
      voice: this.voice.value,
      instructions: this.instructions.value,
      turnDetection: this.turnDetection.value as VoiceSettingsValue['turnDetection'],
      translateTo: this.translate.value || null,
    };
  }

  private static load(): VoiceSettingsValue {
    const fallback: VoiceSettingsValue = { voice: 'alloy', instructions: 'You are a helpful voice assistant. Answer briefly.', turnDetection: 'semantic_vad', translateTo: null };
    try {
      return { ...fallback, ...(JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Partial<VoiceSettingsValue>) };
    } catch {
      return fallback;
    }
  }
}
