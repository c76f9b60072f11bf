import { methodRequest } from './generate.ts';
import type { FuzzContext, FuzzRequest } from './generate.ts';
import { Rng, requestSeed } from './prng.ts';
import { encodingRequest, pathRequest, rawRequest } from './scenarios.ts';

/**
 * Request `index` of the run seeded `seed`: a function of the two alone (and of the sandbox's
 * fixed ids), so any request of a run can be regenerated for a replay.
 */
export function generateRequest(seed: number, index: number, ctx: FuzzContext): FuzzRequest {
  const rng = new Rng(requestSeed(seed, index));
  const category = rng.weighted([
    [82, 'method'],
    [12, 'encoding'],
    [2, 'raw'],
    [4, 'path'],
  ] as const);
  if (category === 'method') return methodRequest(rng, ctx, index);
  const req: FuzzRequest = { index, label: '', session: 'guest', transport: 'http', method: 'GET', path: '/', headers: {}, expect: 'envelope', binaryOk: false };
  if (category === 'encoding') return encodingRequest(rng, ctx, req);
  if (category === 'raw') return rawRequest(rng, ctx, req);
  return pathRequest(rng, ctx, req);
}

/** A printable, bounded description of a request, enough to read what was sent. */
export function describe(req: FuzzRequest): Record<string, unknown> {
  const bytes = req.raw?.data ?? req.body;
  const preview = bytes && bytes.length > 600 ? `${bytes.subarray(0, 600).toString('latin1')}… (${bytes.length} bytes)` : bytes?.toString('latin1');
  return {
    index: req.index,
    label: req.label,
    session: req.session,
    transport: req.transport,
    method: req.method,
    path: req.path.length > 600 ? `${req.path.slice(0, 600)}… (${req.path.length} chars)` : req.path,
    headers: req.headers,
    ...(preview !== undefined ? { [req.raw ? 'raw' : 'body']: preview } : {}),
  };
}
