// Runs on the audio thread: resamples the microphone to 24 kHz mono and posts 20 ms pcm16 frames to the page.
// AudioWorkletGlobalScope is not in TypeScript's DOM library, so its three names are declared here.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

const targetRate = 24000;
const frameSamples = targetRate / 50;

class Pcm16CaptureProcessor extends AudioWorkletProcessor {
  private readonly step = sampleRate / targetRate;
  private position = 0;
  private previous = 0;
  private frame = new Int16Array(frameSamples);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    // Linear interpolation between the last sample of the previous block and this block's samples.
    while (this.position < channel.length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const before = index === 0 ? this.previous : channel[index - 1];
      const sample = before + (channel[index] - before) * fraction;
      this.frame[this.filled++] = Math.max(-32768, Math.min(32767, Math.round(sample * 32767)));
      if (this.filled === frameSamples) {
        this.port.postMessage(this.frame, [this.frame.buffer]);
        this.frame = new Int16Array(frameSamples);
        this.filled = 0;
      }
      this.position += this.step;
    }
    this.position -= channel.length;
    this.previous = channel[channel.length - 1];
    return true;
  }
}

registerProcessor('pcm16-capture', Pcm16CaptureProcessor);
