import type { OmniaClient } from '../api/omnia-client';
import type { ChatMessage } from '../chat/conversation';

/** Partial images asked for while drawing: each replaces the last, so the picture sharpens in place. */
export const PREVIEWS = 2;

/** The prompt of a <c>/draw prompt</c> message, or null when the message is not a drawing request. */
export function drawPrompt(text: string | undefined): string | null {
  const match = /^\/draw\s+([\s\S]+)$/.exec(text?.trim() ?? '');
  return match ? match[1].trim() : null;
}

/**
 * Draws <c>prompt</c> through <c>/v1/images/generations</c> into <c>reply</c>: each partial image replaces the one
 * before with a progress note, and the final image stays. <c>changed</c> is called after each step.
 */
export async function drawInto(client: OmniaClient, prompt: string, reply: ChatMessage, signal: AbortSignal, changed: () => void): Promise<void> {
  reply.progress = 'Drawing…';
  changed();
  for await (const image of client.streamImages({ prompt, stream: true, partial_images: PREVIEWS }, signal)) {
    reply.images = [`data:image/${image.output_format ?? 'png'};base64,${image.b64_json}`];
    reply.progress = image.partial_image_index === undefined ? undefined : `Drawing… preview ${image.partial_image_index + 1} of ${PREVIEWS}`;
    changed();
  }
  reply.progress = undefined;
}
