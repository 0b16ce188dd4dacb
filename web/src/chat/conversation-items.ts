import type { WireItem, WireItemPart } from '../api/wire';
import { newId, type ChatMessage } from './conversation';

/** A message as the conversation item that stores it. */
export function toItem(message: ChatMessage): WireItem {
  if (message.role === 'assistant') return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: message.text }] };
  const content: WireItemPart[] = message.images.map((url) => ({ type: 'input_image', image_url: url }));
  if (message.text) content.unshift({ type: 'input_text', text: message.text });
  return { type: 'message', role: 'user', content };
}

/** A stored user or assistant message as the page shows it; other items (system, tool calls) are not shown. */
export function toMessage(item: WireItem): ChatMessage | null {
  if (item.type !== 'message' || (item.role !== 'user' && item.role !== 'assistant') || !item.id) return null;
  const parts = item.content ?? [];
  const text = parts.flatMap((p) => (p.type === 'input_text' || p.type === 'output_text' ? [p.text] : [])).join('');
  const images = parts.flatMap((p) => (p.type === 'input_image' ? [p.image_url] : []));
  return { id: newId(), role: item.role, text, images, status: 'done', itemId: item.id };
}
