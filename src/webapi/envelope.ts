import type { ErrorCode, ItemError } from './codes.ts';

/** The two shapes every WebAPI answer takes (SPEC §3). Built here and nowhere else. */
export interface Success {
  success: true;
  data?: unknown;
}
export interface Failure {
  success: false;
  error: { code: ErrorCode; errors?: ItemError[] };
}
export type Envelope = Success | Failure;

/**
 * A handler's `data` already serialized, for answers cached as text (a page of 100 items costs
 * ~100 µs to stringify, more than the rest of the request). The text must be exactly what
 * `JSON.stringify(data)` would give: `okText` splices it into the envelope verbatim.
 */
export class JsonText {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

export function ok(data?: unknown): Success {
  return data === undefined ? { success: true } : { success: true, data };
}

/** The success envelope as JSON text: the same bytes as `JSON.stringify(ok(data))`. */
export function okText(data: unknown): string {
  return data instanceof JsonText ? `{"success":true,"data":${data.text}}` : JSON.stringify(ok(data));
}

export function fail(code: ErrorCode, errors?: ItemError[]): Failure {
  return errors && errors.length > 0
    ? { success: false, error: { code, errors } }
    : { success: false, error: { code } };
}
