import { button, h } from '../dom';
import { downscaleImage } from '../media/downscale-image';

/** What the composer asks of the page. */
export interface ComposerActions {
  send(text: string, images: string[]): void;
  stop(): void;
  transcribe(file: File): Promise<string>;
  /** A camera snapshot as a data URL, or null when the user cancelled. */
  takePhoto(): Promise<string | null>;
  report(message: string): void;
}

/**
 * The message box with its attachments: images come from the picker, paste or drop and are downscaled before they
 * are kept; an audio file is transcribed into the box.
 */
export class Composer {
  private readonly form = document.querySelector<HTMLFormElement>('#composer')!;
  private readonly input = document.querySelector<HTMLTextAreaElement>('#message-input')!;
  private readonly attachments = document.querySelector<HTMLUListElement>('#attachments')!;
  private readonly imageInput = document.querySelector<HTMLInputElement>('#image-input')!;
  private readonly audioInput = document.querySelector<HTMLInputElement>('#audio-input')!;
  private readonly audioButton = document.querySelector<HTMLButtonElement>('#attach-audio')!;
  private readonly sendButton = document.querySelector<HTMLButtonElement>('#send-button')!;
  private readonly stopButton = document.querySelector<HTMLButtonElement>('#stop-button')!;
  private images: string[] = [];
  private busy = false;

  constructor(private readonly actions: ComposerActions, dropZone: HTMLElement) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.stopButton.addEventListener('click', () => this.actions.stop());
    document.querySelector('#attach-image')!.addEventListener('click', () => this.imageInput.click());
    document.querySelector('#take-photo')!.addEventListener('click', () => void this.takePhoto());
    this.audioButton.addEventListener('click', () => this.audioInput.click());
    this.imageInput.addEventListener('change', () => {
      void this.addImages([...(this.imageInput.files ?? [])]);
      this.imageInput.value = '';
    });
    this.audioInput.addEventListener('change', () => {
      const file = this.audioInput.files?.[0];
      this.audioInput.value = '';
      if (file) void this.transcribe(file);
    });
    this.input.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (files.length === 0) return;
      event.preventDefault();
      void this.addImages(files);
    });
    dropZone.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      dropZone.classList.add('dragging');
    });
    dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
    dropZone.addEventListener('drop', (event) => {
      dropZone.classList.remove('dragging');
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      const audio = files.find((f) => f.type.startsWith('audio/'));
      if (audio) void this.transcribe(audio);
      void this.addImages(files.filter((f) => f.type.startsWith('image/')));
    });
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.sendButton.hidden = busy;
    // The Stop button disappears when the answer ends; keep the keyboard in the message box rather than nowhere.
    if (!busy && document.activeElement === document.body) this.input.focus();
  }

  focus(): void {
    this.input.focus();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (this.busy || (!text && this.images.length === 0)) return;
    const images = this.images;
    this.input.value = '';
    this.images = [];
    this.renderAttachments();
    this.actions.send(text, images);
  }

  private async addImages(files: File[]): Promise<void> {
    for (const file of files) {
      try {
        this.images.push(await downscaleImage(file));
      } catch (error) {
        this.actions.report(`${file.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.renderAttachments();
  }

  private async takePhoto(): Promise<void> {
    try {
      const photo = await this.actions.takePhoto();
      if (photo) {
        this.images.push(photo);
        this.renderAttachments();
      }
    } catch (error) {
      this.actions.report(error instanceof Error ? error.message : String(error));
    }
    this.input.focus();
  }

  private renderAttachments(): void {
    this.attachments.replaceChildren(...this.images.map((src, i) => h('li', {},
      h('img', { src, alt: `Image ${i + 1} to send` }),
      button('×', () => {
        this.images.splice(i, 1);
        this.renderAttachments();
      }, { 'aria-label': `Remove image ${i + 1}`, class: 'remove' }))));
  }

  private async transcribe(file: File): Promise<void> {
    this.audioButton.disabled = true;
    this.audioButton.textContent = 'Transcribing…';
    try {
      const text = (await this.actions.transcribe(file)).trim();
      if (text) {
        const start = this.input.selectionStart;
        const before = this.input.value.slice(0, start);
        const after = this.input.value.slice(this.input.selectionEnd);
        const joined = `${before}${before && !before.endsWith(' ') ? ' ' : ''}${text}`;
        this.input.value = joined + after;
        this.input.setSelectionRange(joined.length, joined.length);
      } else this.actions.report(`No speech was recognised in ${file.name}.`);
      this.input.focus();
    } catch (error) {
      this.actions.report(`Could not transcribe ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.audioButton.disabled = false;
      this.audioButton.textContent = 'Transcribe audio';
    }
  }
}
