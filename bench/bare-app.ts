/**
 * The yardstick of `npm run bench:dispatch`: a bare Koa app in its own process that answers the
 * recorded bytes of the real server, with the same headers, for the same URLs, and does nothing
 * else (no log, no parameters, no session). The cheapest correct answer: the headers and the
 * length in one `writeHead`, as the real server writes its own.
 *
 * Reads the answers from the JSON file named by its first argument
 * (`{ "<url>": { "headers": {...}, "body": "<base64>" } }`), prints its URL as its first line.
 */
import Koa from 'koa';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

interface Recorded {
  headers: Record<string, string>;
  body: string;
}

const recorded = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Record<string, Recorded>;
const answers = new Map<string, { head: string[]; body: Buffer }>();
for (const [url, r] of Object.entries(recorded)) {
  const body = Buffer.from(r.body, 'base64');
  answers.set(url, { head: [...Object.entries(r.headers).flat(), 'Content-Length', String(body.length)], body });
}

const app = new Koa();
app.use((ctx) => {
  const a = answers.get(ctx.url);
  if (!a) return;
  ctx.respond = false;
  ctx.res.writeHead(200, a.head);
  ctx.res.end(a.body);
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
