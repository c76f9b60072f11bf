import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.ts';
import { makeConfig } from '../../src/config.ts';
import { Rng, requestSeed } from './prng.ts';
import { MARKER, Sandbox } from './sandbox.ts';
import { hostileIds } from './values.ts';

/**
 * The REST routes of SPEC §17 under fuzz: seeded hostile requests (bodies of every wrong shape,
 * bracket-key soup, hostile ids and paths — traversal, hidden names, the sandbox's symlinks —,
 * garbage and valid tokens in every carrier) against the real app over the sandbox of the
 * WebAPI fuzzer. A finding: a 500, an answer that is not JSON, a status outside what the routes
 * declare, a leak of the sentinel or the sandbox's path, a server that stops answering, or the
 * sentinel tree outside the photo root changed.
 */

export interface RestFuzzReport {
  seed: number;
  requests: number;
  statuses: Record<string, number>;
  findings: { index: number; detail: string; request: string }[];
  sentinelIntact: boolean;
}

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ALLOWED = new Set([200, 400, 401, 403, 404, 405, 413, 503]);
const BODY_LIMIT = 256 * 1024;
const HOSTILE_PATHS = [
  '..',
  '../outside',
  '../outside/secret.jpg',
  'link/secret.jpg',
  'link',
  'A/linkfile.jpg',
  'A/../../outside',
  '.hidden/h.jpg',
  '@eaDir/thumb.jpg',
  '/etc/passwd',
  'A\\..\\..',
  'A\0',
  'A//a1.jpg',
  '',
  '/',
  'x'.repeat(300),
  `${'d/'.repeat(2100)}d`,
];
const GOOD_PATHS = ['A/a1.jpg', 'A/B/b1.png', 'A/B', 'C/clip.mp4', 'root.jpg', 'Ünï cödé/x.jpg', 'C', 'A'];

function jsonish(rng: Rng, ids: string[], depth = 0): unknown {
  const pick = rng.int(0, 9);
  if (depth > 3 || pick < 3) return rng.pick([rng.pick(ids), rng.pick(HOSTILE_PATHS), 0, -1, 1e308, true, null, '', '__proto__', rng.text(rng.int(0, 20))]);
  if (pick < 6) return Array.from({ length: rng.int(0, 4) }, () => jsonish(rng, ids, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--)
    o[rng.pick(['from', 'to', 'parent', 'selection', 'children', 'exclude', 'search', 'q', 'filter', 'move_operations', 'image_ids', '__proto__', 'constructor', rng.pick(ids)])] =
      jsonish(rng, ids, depth + 1);
  return o;
}

function generate(rng: Rng, ids: string[], tokens: { good: string; browse: string }): Req {
  const tokenChoice = rng.weighted<string | undefined>([
    [6, tokens.good],
    [2, tokens.browse],
    [1, undefined],
    [1, `${tokens.good.slice(0, -3)}abc`],
    [1, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.'],
    [1, rng.text(rng.int(0, 50))],
  ]);
  const carrier = rng.int(0, 2);
  const headers: Record<string, string> = {};
  let query = '';
  if (tokenChoice !== undefined) {
    if (carrier === 0) headers.Authorization = `Token token="${tokenChoice}"`;
    else if (carrier === 1) headers.Authorization = `Bearer ${tokenChoice}`;
    else query = `access_token=${encodeURIComponent(tokenChoice)}`;
  }
  const id = () => rng.pick(ids);
  const p = () => (rng.chance(0.5) ? rng.pick(HOSTILE_PATHS) : rng.pick(GOOD_PATHS));
  const route = rng.int(0, 6);
  const withQuery = (path: string, extra = '') => `${path}${[query, extra].filter(Boolean).length ? `?${[extra, query].filter(Boolean).join('&')}` : ''}`;
  const form = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const asForm = rng.chance(0.5);
  switch (route) {
    case 0: {
      const pairs: [string, string][] = Array.from({ length: rng.int(0, 6) }, () => [
        rng.pick([`move_operations[${id()}]`, 'move_operations', 'move_operations[]', `move_operations[a][b][c]`, 'x[', '__proto__[x]', `move_operations[${id()}][x]`]),
        id(),
      ]);
      const body = asForm ? form(pairs) : JSON.stringify(rng.chance(0.5) ? { move_operations: Object.fromEntries(pairs) } : jsonish(rng, ids));
      return {
        method: 'POST',
        path: withQuery('/api/v1/images/move'),
        headers: { ...headers, 'Content-Type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
        body,
      };
    }
    case 1: {
      const pairs: [string, string][] = Array.from({ length: rng.int(0, 6) }, () => [
        rng.pick(['image_ids[]', 'image_ids', 'image_ids[0]', 'image_ids[][]', 'image_ids[x]']),
        id(),
      ]);
      const body = asForm ? form(pairs) : JSON.stringify(rng.chance(0.5) ? { image_ids: pairs.map((x) => x[1]) } : jsonish(rng, ids));
      return {
        method: 'DELETE',
        path: withQuery('/api/v1/images'),
        headers: { ...headers, 'Content-Type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
        body,
      };
    }
    case 2: {
      const sel = rng.chance(0.5)
        ? [
            id(),
            { children: id(), exclude: [id()] },
            { search: { q: rng.text(3), filter: rng.pick([['type', 'is', 'image'], ['type', 'is', 'x'], 'type', []]) }, exclude: [id()] },
          ].slice(0, rng.int(0, 3))
        : jsonish(rng, ids);
      const space = rng.pick(['-', '-', 'admin', '..', '%2e%2e', 'x']);
      return {
        method: 'POST',
        path: withQuery(`/api/p/${space}/assets/bulk/move`),
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(rng.chance(0.7) ? { parent: id(), selection: sel } : jsonish(rng, ids)),
      };
    }
    case 3:
      return {
        method: 'GET',
        path: withQuery(`/api/p/${rng.pick(['-', 'admin'])}/sync`, `cursor=${encodeURIComponent(rng.pick(['0', '5', '-1', 'abc', '1e9', '99999999999999999999', '']))}`),
        headers,
      };
    case 4: {
      const ops = Array.from({ length: rng.int(0, 4) }, () => ({
        from: p(),
        to: p(),
        ...(rng.chance(0.3) ? { conflictResolutionStrategy: rng.pick(['ask', 'rename', 'overwrite', 'x']) } : {}),
        ...(rng.chance(0.1) ? { fromSpaceId: rng.pick(['-', 'x']) } : {}),
      }));
      const body = rng.chance(0.8) ? JSON.stringify(ops) : JSON.stringify(jsonish(rng, ids));
      const lib = rng.pick(['main', 'main', 'x', '..']);
      return {
        method: 'POST',
        path: withQuery(`/api/v1/batch/${lib}/${rng.pick(['-', '-', 'admin'])}`, rng.pick(['move', 'move&async=true', '', 'copy'])),
        headers: { ...headers, 'Content-Type': 'application/json' },
        body,
      };
    }
    case 5:
      return { method: 'GET', path: withQuery(`/api/v1/task/main/-/${encodeURIComponent(rng.pick(['x', '../..', '0', rng.hex(8)]))}`), headers };
    default: {
      // Wrong content types, truncated and oversized bodies on any route.
      const path = rng.pick(['/api/v1/images/move', '/api/v1/images', '/api/p/-/assets/bulk/move', '/api/v1/batch/main/-?move']);
      const body = rng.pick(['{"move_operations":', 'a'.repeat(BODY_LIMIT + 10), '\u0000\u0001', `${'x[]=1&'.repeat(3000)}`, '[]', '{}', 'null']);
      return {
        method: path === '/api/v1/images' ? 'DELETE' : 'POST',
        path: withQuery(path),
        headers: { ...headers, 'Content-Type': rng.pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) },
        body,
      };
    }
  }
}

function send(port: number, req: Req): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(req.body)) } : {}) };
    const r = http.request({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.setTimeout(20_000, () => r.destroy(new Error('timeout')));
    r.on('error', reject);
    r.end(req.body);
  });
}

export async function runRestFuzz(opts: { seed: number; requests: number }): Promise<RestFuzzReport> {
  const sandbox = new Sandbox();
  const errors: string[] = [];
  const config = makeConfig(sandbox.dataDir, {
    photoRoot: sandbox.photoRoot,
    adminPassword: 'fuzz-admin-password',
    bodyLimit: BODY_LIMIT,
    log: (l) => (l.level === 'error' ? errors.push(String(l.stack ?? l.msg)) : undefined),
  });
  const station = await createApp(config);
  const server = http.createServer(station.app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const report: RestFuzzReport = { seed: opts.seed, requests: 0, statuses: {}, findings: [], sentinelIntact: true };
  try {
    const { users, appTokens } = station.services;
    const admin = users.byName('admin');
    if (!admin) throw new Error('no admin');
    const tokens = {
      good: (await appTokens.create(admin, 'fuzz', { '*': ['browse', 'upload', 'manage'] }, 3600)).token,
      browse: (await appTokens.create(admin, 'fuzz-browse', { '*': ['browse'] }, 3600)).token,
    };
    const uids = station.services.db.prepare('SELECT uid FROM albums UNION ALL SELECT uid FROM items').pluck().all() as string[];
    const ids = [...sandbox.validIds(), ...hostileIds(), ...uids, '00000000-0000-4000-8000-000000000000'];
    const before = sandbox.outsideDigest();
    for (let index = 0; index < opts.requests; index++) {
      const req = generate(new Rng(requestSeed(opts.seed, index)), ids, tokens);
      const described = `${req.method} ${req.path.slice(0, 200)} ${JSON.stringify(req.headers).slice(0, 200)} ${(req.body ?? '').slice(0, 300)}`;
      const errorsBefore = errors.length;
      let a;
      try {
        a = await send(port, req);
      } catch (err) {
        report.findings.push({ index, detail: `no answer: ${(err as Error).message}`, request: described });
        continue;
      }
      report.requests++;
      report.statuses[a.status] = (report.statuses[a.status] ?? 0) + 1;
      const text = a.body.toString('utf8');
      const problems: string[] = [];
      if (!ALLOWED.has(a.status)) problems.push(`status ${a.status}`);
      if (errors.length > errorsBefore) problems.push(`logged error: ${errors[errors.length - 1]?.split('\n').slice(0, 3).join(' | ')}`);
      if (a.status !== 405 && a.status !== 404 && !a.type.startsWith('application/json')) problems.push(`content type ${a.type}`);
      if (a.type.startsWith('application/json')) {
        try {
          JSON.parse(text);
        } catch {
          problems.push('body is not JSON');
        }
      }
      if (text.includes(MARKER) || text.includes(sandbox.base)) problems.push('leaks the sentinel or a server path');
      if (problems.length > 0) report.findings.push({ index, detail: problems.join('; '), request: described });
    }
    await station.services.tasks.runner.idle();
    report.sentinelIntact = sandbox.outsideDigest() === before;
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await station.close();
    sandbox.remove();
  }
  return report;
}
