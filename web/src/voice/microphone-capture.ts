import workletUrl from './capture-worklet.ts?worker&url';

/** The microphone as a stream of 20 ms pcm16 24 kHz frames, captured on the audio thread by an AudioWorklet. */
export class MicrophoneCapture {
  private context: AudioContext | null = null;
  private stream: MediaStream | null = null;

  /** Throws a message the page can show when the microphone is denied or missing. */
  async start(onFrame: (frame: Int16Array) => void): Promise<void> {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (error) {
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      throw new Error(denied
        ? 'The microphone is blocked. Allow it for this page in the browser’s site settings, then try again.'
        : 'No microphone could be opened.');
    }
    this.context = new AudioContext();
    await this.context.audioWorklet.addModule(workletUrl);
    const node = new AudioWorkletNode(this.context, 'pcm16-capture');
    node.port.onmessage = (event: MessageEvent<Int16Array>) => onFrame(event.data);
    this.context.createMediaStreamSource(this.stream).connect(node);
  }

  stop(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
    void this.context?.close();
    this.stream = null;
    this.context = null;
  }
}
