import { realtimeSampleRate } from './pcm16';

/**
 * Plays an assistant item's audio as its deltas arrive, scheduled back to back. {@link stop} silences it at once
 * and says how many milliseconds were actually heard, which is what <c>conversation.item.truncate</c> needs.
 */
export class PcmPlayer {
  private readonly context = new AudioContext({ sampleRate: realtimeSampleRate });
  private sources: AudioBufferSourceNode[] = [];
  private itemId: string | null = null;
  private startedAt = 0;
  private endsAt = 0;

  get playingItem(): string | null {
    return this.itemId !== null && this.context.currentTime < this.endsAt ? this.itemId : null;
  }

  enqueue(itemId: string, samples: Float32Array): void {
    if (itemId !== this.itemId) {
      this.stop();
      this.itemId = itemId;
      this.startedAt = this.endsAt = Math.max(this.context.currentTime, 0);
    }
    const buffer = this.context.createBuffer(1, samples.length, realtimeSampleRate);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const at = Math.max(this.endsAt, this.context.currentTime);
    if (this.sources.length === 0) this.startedAt = at;
    source.start(at);
    this.endsAt = at + buffer.duration;
    this.sources.push(source);
    source.onended = () => (this.sources = this.sources.filter((s) => s !== source));
  }

  /** Stops playback now; returns the item and the milliseconds of it played, or null when nothing was playing. */
  stop(): { itemId: string; playedMs: number } | null {
    const itemId = this.playingItem;
    const played = Math.min(this.context.currentTime, this.endsAt) - this.startedAt;
    for (const source of this.sources) source.stop();
    this.sources = [];
    this.itemId = null;
    this.endsAt = this.context.currentTime;
    return itemId ? { itemId, playedMs: Math.max(0, Math.round(played * 1000)) } : null;
  }

  close(): void {
    this.stop();
    void this.context.close();
  }
}
