/** How a request failed, which decides what the page says and whether it offers a retry. */
export type ApiErrorKind = 'network' | 'dropped' | 'http' | 'auth';

/** A failed call to the Omnia server, carrying OpenAI's error message when the server sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status = 0,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Network failures, dropped streams, overload and server faults may pass on a second try; a refused request won't. */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'dropped' || this.status === 429 || this.status >= 500;
  }

  static network(): ApiError {
    return new ApiError('Cannot reach the Omnia server. Is it running?', 'network');
  }

  static dropped(): ApiError {
    return new ApiError('The connection dropped before the answer was complete.', 'dropped');
  }

  /** Reads OpenAI's <c>{"error": {"message", "code"}}</c> body, falling back to the status line. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let message = `The server answered ${response.status} ${response.statusText}`.trim();
    let code: string | null = null;
    try {
      const body = (await response.json()) as { error?: { message?: string; code?: string | null } };
      if (body.error?.message) message = body.error.message;
      code = body.error?.code ?? null;
    } catch {
      // Not JSON (a proxy's error page, say): the status line is all there is.
    }
    return new ApiError(message, response.status === 401 ? 'auth' : 'http', response.status, code);
  }
}
