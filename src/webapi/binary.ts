import type { Context } from 'koa';

/**
 * A method whose answer is not an envelope but bytes (a thumbnail, a download, a ZIP; SPEC §14).
 * The handler decides everything that can fail (rights, ids, the file's presence) before it
 * returns one of these: a refusal is still thrown as an error and becomes an envelope. `write`
 * then owns the response: status, headers and body, streamed. It resolves with the HTTP status
 * it sent, for the access log, once the body has been handed over (or the client went away).
 */
export class BinaryAnswer {
  constructor(readonly write: (ctx: Context) => Promise<number>) {}
}

export { BINARY_HEADERS } from '../binary-headers.ts';
