/** A refusal with an HTTP status and a body of the route's own shape. */
export class RestError extends Error {
  readonly status: number;
  /** A body of the route's own shape; undefined: the route's `fail` shape. */
  readonly body: unknown;
  constructor(status: number, message: string, body?: unknown) {
    super(message);
    this.status = status;
    this.body = body;
  }
}
