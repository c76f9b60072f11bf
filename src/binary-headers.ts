/**
 * Headers every binary answer carries. On the ground floor so that the thumbnail sender
 * (src/thumbs/send.ts) needs nothing from the protocol layer. The JSON answers' `X-Frame-Options: DENY` is left out on
 * purpose: a thumbnail may be embedded by another page (SPEC §19: reading stays open).
 */
export const BINARY_HEADERS = { 'X-Content-Type-Options': 'nosniff' } as const;
