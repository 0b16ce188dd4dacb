import { ApiError } from './api-error';
import type { OmniaClient } from './omnia-client';
import type { WireConversation, WireItem, WireList } from './wire';

/** Items one request may add, as the server (and OpenAI) allow. */
const itemsPerRequest = 20;
/** Browsers refuse keepalive requests whose bodies add up to more than 64 KiB. */
const keepaliveBytes = 60_000;

/**
 * <c>/v1/conversations</c> as the chat keeps its conversations there: OpenAI's calls, and the list of all of them
 * (<c>GET /v1/conversations</c>, an Omnia extension).
 */
export class ConversationsApi {
  constructor(private readonly client: OmniaClient) {}

  /** The newest conversations, newest first. */
  async list(limit: number): Promise<WireConversation[]> {
    return (await this.client.json<WireList<WireConversation>>('GET', `/v1/conversations?limit=${limit}`)).data;
  }

  create(metadata: Record<string, string>): Promise<WireConversation> {
    return this.client.json('POST', '/v1/conversations', { metadata });
  }

  update(id: string, metadata: Record<string, string>): Promise<WireConversation> {
    return this.client.json('POST', `/v1/conversations/${encodeURIComponent(id)}`, { metadata });
  }

  /** Deletes the conversation; one already gone counts as deleted. */
  async delete(id: string): Promise<void> {
    await ignoreNotFound(this.client.json('DELETE', `/v1/conversations/${encodeURIComponent(id)}`));
  }

  /** Every item, oldest first. */
  async items(id: string): Promise<WireItem[]> {
    const all: WireItem[] = [];
    let after = '';
    for (;;) {
      const page = await this.client.json<WireList<WireItem>>('GET',
        `/v1/conversations/${encodeURIComponent(id)}/items?order=asc&limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      all.push(...page.data);
      if (!page.has_more || !page.last_id) return all;
      after = page.last_id;
    }
  }

  /**
   * Appends the items in order: the stored items, with their ids. Small requests are keepalive, so an answer that
   * finished just before the page closes is still saved.
   */
  async append(id: string, items: WireItem[]): Promise<WireItem[]> {
    const stored: WireItem[] = [];
    for (let i = 0; i < items.length; i += itemsPerRequest) {
      const body = { items: items.slice(i, i + itemsPerRequest) };
      const keepalive = JSON.stringify(body).length < keepaliveBytes;
      const page = await this.client.json<WireList<WireItem>>('POST', `/v1/conversations/${encodeURIComponent(id)}/items`, body, { keepalive });
      stored.push(...page.data);
    }
    return stored;
  }

  /** Deletes one item; one already gone counts as deleted. */
  async deleteItem(id: string, itemId: string): Promise<void> {
    await ignoreNotFound(this.client.json('DELETE', `/v1/conversations/${encodeURIComponent(id)}/items/${encodeURIComponent(itemId)}`));
  }
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}
