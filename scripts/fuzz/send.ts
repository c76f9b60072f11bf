import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { FuzzRequest } from './generate.ts';

export type Answer = { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer; ms: number } | { kind: 'none'; reason: string; ms: number };

const MAX_BODY = 64 * 1024 * 1024;

/**
 * Sends a request over the keep-alive agent; `x-fuzz-id` lets the harness find its log lines.
 *
 * A reset on a reused socket before any answer is the keep-alive race (Node's HTTP client
 * documentation, `request.reusedSocket`): the server closed the idle socket as the request went
 * out, and never read it. After a stall of the machine (the long run at load 17 showed clusters of
 * such resets, 7 requests at once) many kept-alive sockets meet their 5 s limit together. That
 * request is sent once more on a new socket; a reset there is reported.
 */
export async function sendHttp(agent: http.Agent, port: number, req: FuzzRequest, timeoutMs: number): Promise<Answer> {
  const first = await sendOnce(agent, port, req, timeoutMs);
  if (first.kind === 'none' && first.reason === 'ECONNRESET (reused socket)') return sendOnce(undefined, port, req, timeoutMs);
  return first;
}

function sendOnce(agent: http.Agent | undefined, port: number, req: FuzzRequest, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(a);
    };
    let r: http.ClientRequest;
    try {
      r = http.request({ agent: agent ?? false, host: '127.0.0.1', port, method: req.method, path: req.path, headers: { ...req.headers, 'x-fuzz-id': String(req.index) } });
    } catch (err) {
      finish({ kind: 'none', reason: `client refused to send: ${(err as Error).message}`, ms: 0 });
      return;
    }
    const timer = setTimeout(() => {
      r.destroy();
      finish({ kind: 'none', reason: 'timeout', ms: performance.now() - started });
    }, timeoutMs);
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      res.on('end', () => finish({ kind: 'response', status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', (err) => finish({ kind: 'none', reason: `response: ${err.message}`, ms: performance.now() - started }));
    });
    r.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message;
      finish({ kind: 'none', reason: code === 'ECONNRESET' && r.reusedSocket ? 'ECONNRESET (reused socket)' : code, ms: performance.now() - started });
    });
    r.end(req.body);
  });
}

/** Splits a raw HTTP/1.1 response once it is complete (Content-Length or connection end). */
function parseRaw(buf: Buffer, closed: boolean): { status: number; headers: IncomingHttpHeaders; body: Buffer } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) return { status: -1, headers: {}, body: buf };
  const headers: IncomingHttpHeaders = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = buf.subarray(end + 4);
  const length = Number(headers['content-length'] ?? NaN);
  if (Number.isFinite(length)) return body.length >= length ? { status: Number(m[1]), headers, body: body.subarray(0, length) } : undefined;
  return closed ? { status: Number(m[1]), headers, body } : undefined;
}

/**
 * Writes exact bytes on a fresh socket (half-closing after them if asked) and reads what comes
 * back until one full response, the server's close, or `timeoutMs` of silence.
 */
export function sendRaw(port: number, req: FuzzRequest, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  const raw = req.raw as { data: Buffer; end: boolean };
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const socket = net.connect(port, '127.0.0.1');
    const finish = (closed: boolean) => {
      if (done) return;
      const buf = Buffer.concat(chunks);
      const parsed = parseRaw(buf, closed);
      if (!parsed && !closed) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const ms = performance.now() - started;
      if (parsed) resolve({ kind: 'response', ...parsed, ms });
      else resolve({ kind: 'none', reason: buf.length === 0 ? 'closed without an answer' : `partial answer (${buf.length} bytes)`, ms });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    // The id header goes right after the request line, so the harness can match log lines.
    const data = raw.data;
    const eol = data.indexOf('\r\n');
    const withId = eol > 0 ? Buffer.concat([data.subarray(0, eol + 2), Buffer.from(`x-fuzz-id: ${req.index}\r\n`), data.subarray(eol + 2)]) : data;
    socket.write(withId);
    if (raw.end) socket.end();
  });
}
