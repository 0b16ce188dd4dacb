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

export interface ChatChunk {
  choices?: { delta?: { content?: string | null } }[];
  error?: { message?: string; code?: string | null };
}
