/** The OpenAI wire shapes the page sends and reads. */

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

export interface WireMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface ChatRequest {
  model: string;
  messages: WireMessage[];
}

export interface ModelInfo {
  id: string;
  /** Omnia's field: chat, stt, tts, vad, … (open-ended). */
  role: string;
  status: string;
  input_modalities?: string[];
}

/** A <c>/v1/images/generations</c> request as the page sends it (streamed). */
export interface ImageRequest {
  prompt: string;
  stream: true;
  partial_images: number;
}

/** One streamed image event: a partial image (with its index) or the completed one. */
export interface ImageEvent {
  type?: string;
  b64_json: string;
  output_format?: string;
  partial_image_index?: number;
  error?: { message?: string; code?: string | null };
}

export interface ChatChunk {
  choices?: { delta?: { content?: string | null } }[];
  error?: { message?: string; code?: string | null };
}

/** A stored conversation (<c>/v1/conversations</c>); the page keeps its title in <c>metadata.title</c>. */
export interface WireConversation {
  id: string;
  created_at: number;
  metadata: Record<string, string>;
}

/** One page of an OpenAI list. */
export interface WireList<T> {
  data: T[];
  has_more: boolean;
  last_id: string | null;
}

export type WireItemPart =
  | { type: 'input_text' | 'output_text'; text: string }
  | { type: 'input_image'; image_url: string };

/** A conversation item; the page reads and writes messages, and leaves other kinds alone. */
export interface WireItem {
  id?: string;
  type: string;
  role?: string;
  content?: WireItemPart[];
}
