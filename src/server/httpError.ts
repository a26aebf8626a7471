/** An error a handler answers with: its HTTP status, a message, and the fields at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 413 | 422 | 429,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}
