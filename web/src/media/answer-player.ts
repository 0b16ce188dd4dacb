import type { OmniaClient } from '../api/omnia-client';
import { renderMarkdown } from '../markdown';

/** The server's limit on one speech request is 4096 characters; longer answers are read in pieces. */
const maxPieceLength = 4000;

/** Reads answers aloud through <c>/v1/audio/speech</c>, one at a time: starting another stops the first. */
export class AnswerPlayer {
  private audio: HTMLAudioElement | null = null;
  private request: AbortController | null = null;
  private playingId: string | null = null;

  constructor(
    private readonly client: OmniaClient,
    private readonly model: () => string,
    private readonly onChange: (playingId: string | null) => void,
  ) {}

  get playing(): string | null {
    return this.playingId;
  }

  /** Reads the answer as its words (markdown rendered, then its text), piece by piece, until the end or {@link stop}. */
  async play(id: string, markdown: string): Promise<void> {
    this.stop();
    const request = new AbortController();
    this.request = request;
    this.setPlaying(id);
    try {
      const model = this.model();
      for (const piece of pieces(plainText(markdown))) {
        const wav = await this.client.speech(piece, model, request.signal);
        if (request.signal.aborted) return;
        const audio = new Audio(URL.createObjectURL(wav));
        this.audio = audio;
        // stop() pauses: that ends the wait too.
        const ended = new Promise((resolve) => {
          audio.addEventListener('ended', resolve);
          audio.addEventListener('pause', resolve);
        });
        await audio.play();
        await ended;
        URL.revokeObjectURL(audio.src);
        if (request.signal.aborted) return;
      }
      this.stop();
    } catch (error) {
      if (request.signal.aborted) return;
      this.stop();
      throw error;
    }
  }

  stop(): void {
    this.request?.abort();
    this.request = null;
    if (this.audio) {
      this.audio.pause();
      URL.revokeObjectURL(this.audio.src);
      this.audio = null;
    }
    this.setPlaying(null);
  }

  private setPlaying(id: string | null): void {
    this.playingId = id;
    this.onChange(id);
  }
}

function plainText(markdown: string): string {
  return new DOMParser().parseFromString(renderMarkdown(markdown), 'text/html').body.textContent ?? '';
}

/** Splits text at sentence ends (or, failing that, spaces) into pieces the server accepts. */
function pieces(text: string): string[] {
  const result: string[] = [];
  let rest = text.trim();
  while (rest.length > maxPieceLength) {
    const window = rest.slice(0, maxPieceLength);
    const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '), window.lastIndexOf('\n'));
    const at = cut > maxPieceLength / 2 ? cut + 1 : Math.max(window.lastIndexOf(' '), 1);
    result.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) result.push(rest);
  return result;
}
