import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { OpsFixture } from './ops-fixture.ts';

export const DOWNLOAD = 'SYNO.PhotoStation.Download';

export interface Bytes {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A GET of a Download method through node's http client (fetch would decode and hide what a
 * player sees), the parameters in the query; `path` replaces entry.cgi (a legacy or suffixed path).
 */
export function download(
  f: OpsFixture,
  method: string,
  params: Record<string, string>,
  opts: { sid?: string | null; path?: string; headers?: Record<string, string>; verb?: 'GET' | 'HEAD' } = {},
): Promise<Bytes> {
  const sid = opts.sid === undefined ? f.adminSid : opts.sid;
  const query = new URLSearchParams({ api: DOWNLOAD, method, version: '1', ...params, ...(sid ? { _sid: sid } : {}) });
  const url = new URL(f.url);
  if (opts.path) url.pathname = opts.path;
  url.search = query.toString();
  return new Promise((resolve, reject) => {
    http
      .request(url, { method: opts.verb ?? 'GET', headers: opts.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject)
      .end();
  });
}

/** The envelope of an answer that should be one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const envelope = (b: Bytes): any => JSON.parse(b.body.toString('utf8'));

export interface ZipFileEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  data: Buffer;
}

/**
 * Reads a ZIP with Python's zipfile (an independent reader, in CI too): every entry, its
 * compression method and its bytes, CRCs checked by zipfile as it reads.
 */
export function unzip(zip: Buffer): ZipFileEntry[] {
  const script = [
    'import sys, io, json, zipfile, base64',
    'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
    'print(json.dumps([{"name": i.filename, "method": i.compress_type, "data": base64.b64encode(z.read(i)).decode()} for i in z.infolist()]))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script], { input: zip, maxBuffer: 1 << 30 });
  return (JSON.parse(out.toString('utf8')) as { name: string; method: number; data: string }[]).map((e) => ({ ...e, data: Buffer.from(e.data, 'base64') }));
}

/** How many descriptors this process holds open (the server runs in it). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

// One polling helper for every test that waits on asynchronous cleanup.
export { eventually } from './upload.ts';
