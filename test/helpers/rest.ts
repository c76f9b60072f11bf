import { request } from 'node:http';
import type { Abilities } from '../../src/auth/abilities.ts';
import type { OpsFixture } from './ops-fixture.ts';

/** Helpers for the REST routes of SPEC §17 (test/rest). */

export function origin(f: OpsFixture): string {
  return new URL(f.url).origin;
}

/** An app token for `username` (default the administrator) with `abilities` (default everything). */
export async function token(f: OpsFixture, abilities: Abilities = { '*': ['browse', 'upload', 'manage'] }, username = 'admin', ttl = 3600): Promise<string> {
  const { users, appTokens } = f.station.services;
  const user = users.byName(username);
  if (!user) throw new Error(`no user ${username}`);
  return (await appTokens.create(user, 'test', abilities, ttl)).token;
}

/** Seed 000/003's header: `Authorization: Token token="<t>"`. */
export const tokenHeader = (t: string) => ({ Authorization: `Token token="${t}"` });

export const form = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(v)}`).join('&');

export interface RestAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * One request on a fresh connection (node:http, no agent). fetch would reuse a kept-alive
 * socket, and after a fixture has blocked the event loop for seconds (writing thousands of
 * files) the server may close that socket just as the next request goes out: ECONNRESET.
 */
export async function rest(f: OpsFixture, method: string, path: string, init: { headers?: Record<string, string>; body?: string; json?: unknown } = {}): Promise<RestAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (body !== undefined) headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  // Node sends a DELETE body only with an explicit length (it does not chunk DELETE by default).
  if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
  const url = new URL(origin(f) + path);
  const { status, head, text } = await new Promise<{ status: number; head: Headers; text: string }>((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const head = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) head.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, head, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status, headers: head, body: parsed };
}
