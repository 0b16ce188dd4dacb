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
