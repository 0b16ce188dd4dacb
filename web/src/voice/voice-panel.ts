import type { OmniaClient } from '../api/omnia-client';
import { button, h } from '../dom';
import { RealtimeSession, sessionConfig } from './realtime-session';
import { VoiceSettings } from './voice-settings';

/**
 * The voice mode's panel: start and stop, live transcripts of both sides and each turn's latency. It needs the
 * server's <c>/v1/realtime</c> endpoint; where the server has none, it says so.
 */
export class VoicePanel {
  private session: RealtimeSession | null = null;
  private readonly statusLine = h('p', { class: 'voice-status', role: 'status' });
  private readonly transcriptList = h('ol', { class: 'voice-transcripts', 'aria-label': 'Voice transcripts' });
  private readonly lines = new Map<string, HTMLLIElement>();
  private readonly toggle = button('Start talking', () => void this.toggleSession(), { class: 'primary' });
  private readonly settings = new VoiceSettings();

  constructor(
    private readonly panel: HTMLElement,
    private readonly opener: HTMLButtonElement,
    private readonly client: OmniaClient,
    private readonly model: () => string | null,
  ) {
    opener.setAttribute('aria-expanded', 'false');
    opener.setAttribute('aria-controls', panel.id);
    opener.addEventListener('click', () => this.setOpen(panel.hidden !== false));
    panel.append(h('h2', {}, 'Voice mode'), this.statusLine, h('div', { class: 'actions' }, this.toggle,
      button('Close', () => this.setOpen(false))), this.settings.element, this.transcriptList);
  }

  private setOpen(open: boolean): void {
    if (!open) this.end('');
    this.panel.hidden = !open;
    this.opener.setAttribute('aria-expanded', String(open));
    if (open) {
      this.statusLine.textContent = 'Press Start talking, then speak; talk over the answer to interrupt it.';
      this.toggle.focus();
    }
  }

  private async toggleSession(): Promise<void> {
    if (this.session) {
      this.end('Stopped.');
      return;
    }
    const model = this.model();
    if (!model) {
      this.statusLine.textContent = 'No chat model is available for voice mode.';
      return;
    }
    this.statusLine.textContent = 'Connecting…';
    this.toggle.textContent = 'Stop';
    const session = new RealtimeSession({
      transcript: (role, itemId, text, final) => this.showTranscript(role, itemId, text, final),
      latency: (ms) => { this.statusLine.dataset.latency = String(ms); },
      status: (text) => { this.statusLine.textContent = text + this.latencyNote(); },
      failed: (message) => this.end(message),
    });
    this.session = session;
    try {
      // One secret per voice session: the API key stays in this page's HTTP headers, off the socket.
      const secret = await this.client.clientSecret(sessionConfig(model, this.settings.value));
      if (this.session !== session) return;
      await session.start(model, secret);
    } catch (error) {
      this.end(await this.explain(error));
    }
  }

  /** A refused socket says nothing about why, so an HTTP request to the same route tells a missing endpoint apart. */
  private async explain(error: unknown): Promise<string> {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      if (!(await this.client.routeExists('/v1/realtime')))
        return 'Voice mode needs the realtime endpoint (/v1/realtime), which this server does not offer yet.';
    } catch (probeError) {
      return probeError instanceof Error ? probeError.message : String(probeError);
    }
    return reason;
  }

  private end(message: string): void {
    this.session?.stop();
    this.session = null;
    this.toggle.textContent = 'Start talking';
    if (message) this.statusLine.textContent = message;
  }

  private latencyNote(): string {
    const ms = this.statusLine.dataset.latency;
    return ms ? ` Last answer started ${ms} ms after you stopped.` : '';
  }

  private showTranscript(role: 'user' | 'assistant', itemId: string, text: string, final: boolean): void {
    let line = this.lines.get(itemId);
    if (!line) {
      line = h('li', { class: `voice-line ${role}` });
      this.lines.set(itemId, line);
      this.transcriptList.append(line);
    }
    line.textContent = `${role === 'user' ? 'You' : 'Omnia'}: ${text}`;
    line.classList.toggle('partial', !final);
  }
}
