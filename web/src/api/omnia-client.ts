import { ApiError } from './api-error';
import { readServerSentEvents } from './sse';
import type { ChatChunk, ChatRequest, ImageEvent, ImageRequest, ModelInfo } from './wire';
import type { KeyStore } from '../auth/key-store';

/** Called on a 401 with the server's reason; resolves with a key to try, or null to give up. */
export type AskForKey = (reason: string) => Promise<string | null>;

/**
 * The Omnia HTTP API as the page uses it. Every call carries the tab's key as <c>Authorization: Bearer</c>; a 401
 * asks for a key and tries again, until the server accepts one or the user cancels.
 */
export class OmniaClient {
  constructor(
    private readonly keys: KeyStore,
    private readonly askForKey: AskForKey,
  ) {}

  async models(): Promise<ModelInfo[]> {
    const response = await this.send('/v1/models', { method: 'GET' });
    const body = (await response.json()) as { data: ModelInfo[] };
    return body.data;
  }

  /** Streams the answer's text as it is generated; ends only at <c>[DONE]</c>, so a cut stream is an error. */
  async *streamChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<string> {
    const response = await this.send('/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...request, stream: true }),
      signal,
    });
    if (!response.body) throw ApiError.dropped();
    try {
      for await (const data of readServerSentEvents(response.body)) {
        if (data === '[DONE]') return;
        const chunk = JSON.parse(data) as ChatChunk;
        if (chunk.error) throw new ApiError(chunk.error.message ?? 'The answer failed.', 'http', 500, chunk.error.code ?? null);
        const text = chunk.choices?.[0]?.delta?.content;
        if (text) yield text;
      }
    } catch (error) {
      if (signal.aborted || error instanceof ApiError) throw error;
      throw ApiError.dropped();
    }
    throw ApiError.dropped();
  }

  /** Streams a drawing: partial images while the steps run, then the completed image; an in-band error throws. */
  async *streamImages(request: ImageRequest, signal: AbortSignal): AsyncGenerator<ImageEvent> {
    const response = await this.send('/v1/images/generations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal,
    });
    if (!response.body) throw ApiError.dropped();
    for await (const data of readServerSentEvents(response.body)) {
      const event = JSON.parse(data) as ImageEvent;
      if (event.error) throw new ApiError(event.error.message ?? 'The drawing failed.', 'http', 500, event.error.code ?? null);
      yield event;
    }
  }

  async transcribe(file: File, model: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    form.append('file', file);
    form.append('model', model);
    form.append('response_format', 'json');
    const response = await this.send('/v1/audio/transcriptions', { method: 'POST', body: form, signal });
    return ((await response.json()) as { text: string }).text;
  }

  async speech(input: string, model: string, signal?: AbortSignal): Promise<Blob> {
    const response = await this.send('/v1/audio/speech', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model, input, voice: 'alloy', response_format: 'wav' }),
      signal,
    });
    return response.blob();
  }

  /** Whether the server routes <c>path</c> at all (a 404 says it does not); used to explain a refused socket. */
  async routeExists(path: string): Promise<boolean> {
    try {
      await this.send(path, { method: 'GET' });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'http') return error.status !== 404;
      throw error;
    }
  }

  /**
   * An ephemeral <c>ek_</c> secret for one realtime session that starts with <c>session</c>: the socket carries it
   * instead of the API key, which never leaves this page's HTTP headers. It opens sockets for a minute.
   */
  async clientSecret(session: object): Promise<string> {
    const response = await this.send('/v1/realtime/client_secrets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ expires_after: { anchor: 'created_at', seconds: 60 }, session }),
    });
    return ((await response.json()) as { value: string }).value;
  }

  /** A JSON call: <c>body</c> sent as JSON when given, the answer read as JSON. */
  async json<T>(method: string, path: string, body?: unknown, options: { keepalive?: boolean } = {}): Promise<T> {
    const response = await this.send(path, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      keepalive: options.keepalive,
    });
    return (await response.json()) as T;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    for (;;) {
      const headers = new Headers(init.headers);
      const key = this.keys.get();
      if (key) headers.set('Authorization', `Bearer ${key}`);
      let response: Response;
      try {
        response = await fetch(path, { ...init, headers });
      } catch (error) {
        if (init.signal?.aborted) throw error;
        throw ApiError.network();
      }
      if (response.ok) return response;
      const failure = await ApiError.fromResponse(response);
      if (failure.kind !== 'auth') throw failure;
      this.keys.clear();
      const given = await this.askForKey(key ? `The server refused that key: ${failure.message}` : failure.message);
      if (!given) throw new ApiError('This server needs an API key.', 'auth', 401, failure.code);
      this.keys.set(given);
    }
  }
}
