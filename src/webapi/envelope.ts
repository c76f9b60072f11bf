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

export function ok(data?: unknown): Success {
  return data === undefined ? { success: true } : { success: true, data };
}

export function fail(code: ErrorCode, errors?: ItemError[]): Failure {
  return errors && errors.length > 0
    ? { success: false, error: { code, errors } }
    : { success: false, error: { code } };
}
