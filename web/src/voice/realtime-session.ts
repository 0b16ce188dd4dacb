import { MicrophoneCapture } from './microphone-capture';
import { base64ToFloat32, pcm16ToBase64 } from './pcm16';
import { PcmPlayer } from './pcm-player';
import type { VoiceSettingsValue } from './voice-settings';

/** What a voice session reports to the panel. */
export interface RealtimeEvents {
  transcript(role: 'user' | 'assistant', itemId: string, text: string, final: boolean): void;
  /** Milliseconds from the server's end-of-speech to the first audio of the answer, as this browser saw them. */
  latency(ms: number): void;
  status(text: string): void;
  failed(message: string): void;
}

interface ServerEvent {
  type: string;
  item_id?: string;
  delta?: string;
  transcript?: string;
  error?: { message?: string };
}

/** The realtime session the voice settings ask for, as a client secret is minted for it (GA shape). */
export function sessionConfig(model: string, settings: VoiceSettingsValue): object {
  const turnDetection = settings.turnDetection === 'semantic_vad' ? { type: 'semantic_vad', eagerness: 'auto' } : { type: 'server_vad' };
  return { type: 'realtime', model, output_modalities: ['audio'], instructions: settings.instructions,
    audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, transcription: { model: 'whisper-1' }, turn_detection: turnDetection },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: settings.translateTo ?? settings.voice } },
    ...(settings.translateTo ? { omnia: { translate: { from: 'en', to: settings.translateTo, engine: 'apertium' } } } : {}) };
}

/**
 * One hands-free conversation over <c>/v1/realtime</c> (GA event names): microphone frames go up as
 * <c>input_audio_buffer.append</c>, the answer's audio plays as it streams, and speech over the answer stops the
 * playback at once and truncates the item to what was heard. The socket authenticates with an ephemeral
 * <c>ek_</c> client secret minted for this session's settings (<see cref="sessionConfig"/>), in the
 * <c>openai-insecure-api-key.SECRET</c> subprotocol: the API key itself never rides on the socket or in a URL.
 */
export class RealtimeSession {
  private readonly capture = new MicrophoneCapture();
  private readonly player = new PcmPlayer();
  private socket: WebSocket | null = null;
  private speechStoppedAt: number | null = null;
  private readonly transcripts = new Map<string, string>();

  constructor(private readonly events: RealtimeEvents) {}

  /**
   * Resolves once the socket is open and the microphone streams; rejects when either cannot start. The session
   * starts with the settings <c>secret</c> was minted for, so no <c>session.update</c> is needed.
   */
  async start(model: string, secret: string): Promise<void> {
    const url = new URL(`/v1/realtime?model=${encodeURIComponent(model)}`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, ['realtime', `openai-insecure-api-key.${secret}`]);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onclose = () => reject(new Error('The realtime connection was refused.'));
    });
    socket.onmessage = (event) => this.receive(JSON.parse(String(event.data)) as ServerEvent);
    socket.onclose = () => {
      this.stop();
      this.events.failed('The realtime connection closed.');
    };
    await this.capture.start((frame) => this.send({ type: 'input_audio_buffer.append', audio: pcm16ToBase64(frame) }));
    this.events.status('Listening…');
  }

  stop(): void {
    this.capture.stop();
    this.player.close();
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
      this.socket = null;
    }
  }

  private receive(event: ServerEvent): void {
    switch (event.type) {
      case 'input_audio_buffer.speech_started': {
        // The user's line opens now, so it stays above an answer that starts before the transcript is final.
        if (event.item_id) this.events.transcript('user', event.item_id, '…', false);
        const cut = this.player.stop();
        if (cut) this.send({ type: 'conversation.item.truncate', item_id: cut.itemId, content_index: 0, audio_end_ms: cut.playedMs });
        this.events.status('Listening…');
        break;
      }
      case 'input_audio_buffer.speech_stopped':
        this.speechStoppedAt = performance.now();
        this.events.status('Thinking…');
        break;
      case 'conversation.item.input_audio_transcription.delta':
        this.appendTranscript('user', event.item_id!, event.delta ?? '');
        break;
      case 'conversation.item.input_audio_transcription.completed':
        this.transcripts.set(event.item_id!, event.transcript ?? '');
        this.events.transcript('user', event.item_id!, event.transcript ?? '', true);
        break;
      case 'response.output_audio_transcript.delta':
        this.appendTranscript('assistant', event.item_id!, event.delta ?? '');
        break;
      case 'response.output_audio_transcript.done':
        this.events.transcript('assistant', event.item_id!, event.transcript ?? this.transcripts.get(event.item_id!) ?? '', true);
        break;
      case 'response.output_audio.delta':
        if (this.speechStoppedAt !== null) {
          this.events.latency(Math.round(performance.now() - this.speechStoppedAt));
          this.speechStoppedAt = null;
          this.events.status('Speaking… (talk to interrupt)');
        }
        this.player.enqueue(event.item_id!, base64ToFloat32(event.delta ?? ''));
        break;
      case 'error':
        this.events.failed(event.error?.message ?? 'The server reported an error.');
        break;
    }
  }

  private appendTranscript(role: 'user' | 'assistant', itemId: string, delta: string): void {
    const text = (this.transcripts.get(itemId) ?? '') + delta;
    this.transcripts.set(itemId, text);
    this.events.transcript(role, itemId, text, false);
  }

  private send(event: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(event));
  }
}
