/**
 * The second yardstick of `npm run bench:dispatch`: the bare app (bench/bare-app.ts) plus the
 * duties every real call has, each done the cheapest correct way, and nothing else:
 *
 * - the query string parsed (`URLSearchParams`) and the call named by `api`, `method`,
 *   `version` and `_sid` found in one Map (the server's registry and session cache, in one);
 * - the answer written from its recorded text: serialising it is not counted as a duty (the
 *   server keeps the text of answers that do not change, such as `query=all`);
 * - one access-log line with the server's fields, through the same asynchronous pino
 *   destination (src/log-sink.ts) to a file.
 *
 * What the server costs beyond this is its own: its checks, its rights, its layers. Reads the
 * recorded answers like the bare app (first argument) and writes its log to the second; prints
 * its URL as its first line.
 */
import Koa from 'koa';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { logSink } from '../src/log-sink.ts';

interface Recorded {
  headers: Record<string, string>;
  body: string;
}

const recorded = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Record<string, Recorded>;
const log = logSink(process.argv[3] as string);
const calls = new Map<string, { head: string[]; body: Buffer; user: string | undefined }>();
const keyOf = (q: URLSearchParams) => `${q.get('api')}\n${q.get('method')}\n${q.get('version')}\n${q.get('_sid') ?? ''}`;
for (const [url, r] of Object.entries(recorded)) {
  const body = Buffer.from(r.body, 'base64');
  const envelope = JSON.parse(body.toString('utf8')) as { data?: { username?: string } };
  const head = [...Object.entries(r.headers).flat(), 'Content-Length', String(body.length)];
  calls.set(keyOf(new URL(url, 'http://x').searchParams), { head, body, user: envelope.data?.username });
}

const app = new Koa();
app.use((ctx) => {
  const started = performance.now();
  const q = new URLSearchParams(ctx.querystring);
  const call = calls.get(keyOf(q));
  if (!call) return;
  ctx.respond = false;
  ctx.res.writeHead(200, call.head);
  ctx.res.end(call.body);
  log.log({
    t: new Date().toISOString(),
    ip: ctx.ip,
    api: q.get('api'),
    method: q.get('method'),
    version: Number(q.get('version')),
    code: 0,
    ms: Math.round((performance.now() - started) * 100) / 100,
    user: call.user,
  });
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => void log.close().then(() => process.exit(0))));
