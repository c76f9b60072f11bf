import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFromEnv } from '../src/config.ts';
import { ChildServer } from './helpers/child-server.ts';

/**
 * SPEC §19, HTTP limits, against the real server as `npm start` runs it (its own process, the
 * limits from the environment, made short here): slow clients are cut and do not hold the server,
 * an upload over PHOTOSTATION_UPLOAD_LIMIT is refused with nothing left behind.
 */

const HEADERS_MS = 1000;
const WINDOW_MS = 1000;
const UPLOAD_LIMIT = 1000;

interface Slow {
  socket: net.Socket;
  /** Milliseconds from connecting to the server closing the connection. */
  closed: Promise<number>;
  /** What the server sent back, if anything. */
  received: () => string;
  stop(): void;
}

/** A client that sends `head` at once, then `drip` one byte every `everyMs`, forever. */
function slowClient(url: URL, head: string, drip: string, everyMs: number): Slow {
  const socket = net.connect(Number(url.port), url.hostname);
  const started = performance.now();
  let got = '';
  let timer: NodeJS.Timeout | undefined;
  let i = 0;
  socket.on('data', (b) => (got += b.toString()));
  socket.on('error', () => {});
  socket.once('connect', () => {
    if (head !== '') socket.write(head);
    if (drip !== '')
      timer = setInterval(() => {
        if (!socket.destroyed && socket.writable) socket.write(drip[i++ % drip.length] as string);
      }, everyMs);
  });
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(performance.now() - started);
    }),
  );
  return {
    socket,
    closed,
    received: () => got,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Resolves with the elapsed milliseconds, or rejects past `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms))]);
}

describe('HTTP limits against slow clients and large uploads (SPEC §19)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: ChildServer;
  let url: URL;
  let sid: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ps-limits-'));
    mkdirSync(path.join(dir, 'photo', 'Up'), { recursive: true });
    server = await ChildServer.start(dir, {
      PHOTOSTATION_HEADERS_TIMEOUT: String(HEADERS_MS),
      PHOTOSTATION_BODY_WINDOW: String(WINDOW_MS),
      PHOTOSTATION_BODY_MIN_RATE: '200',
      PHOTOSTATION_KEEPALIVE_TIMEOUT: '1000',
      PHOTOSTATION_UPLOAD_LIMIT: String(UPLOAD_LIMIT),
      PHOTOSTATION_THUMB_BACKGROUND: '0',
    });
    url = new URL(server.url);
    sid = await server.login();
  });
  after(async () => {
    await server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  const info = () => `${server.url}?api=SYNO.API.Info&method=query&version=1&query=SYNO.API.Info`;

  describe('with twenty clients dribbling their headers and twenty dribbling their bodies', () => {
    it('cuts each within its limit, while a normal request is answered at once', async () => {
      const target = `${url.pathname}?api=SYNO.API.Info&method=query&version=1`;
      const headers = Array.from({ length: 20 }, () => slowClient(url, `GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\n`, 'X-Slow: aaaaaaaaaa\r\n', 100));
      const bodies = Array.from({ length: 20 }, () =>
        slowClient(
          url,
          `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\napi=SYNO.API.Info&method=query&version=1&x=`,
          'a',
          100,
        ),
      );
      try {
        // Meanwhile, with all forty connections open and dribbling:
        await new Promise((r) => setTimeout(r, 300));
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          const res = await fetch(info());
          expect(((await res.json()) as { success: boolean }).success).to.equal(true);
          expect(performance.now() - t0, 'a normal request while slow clients are held').to.be.below(1000);
        }
        // Headers: the limit plus Node's check interval (a quarter of the limit), with room for a loaded machine.
        const headerMs = await within(Promise.all(headers.map((h) => h.closed)), HEADERS_MS * 5, 'dribbled headers');
        for (const ms of headerMs) expect(ms).to.be.within(HEADERS_MS * 0.9, HEADERS_MS * 4);
        for (const h of headers) expect(h.received()).to.match(/^(HTTP\/1\.1 408|$)/);
        // Bodies: one window below the minimum rate, plus the check interval (a quarter of the window).
        const bodyMs = await within(Promise.all(bodies.map((b) => b.closed)), WINDOW_MS * 5, 'dribbled bodies');
        for (const ms of bodyMs) expect(ms).to.be.within(WINDOW_MS * 0.9, WINDOW_MS * 4);
      } finally {
        for (const c of [...headers, ...bodies]) c.stop();
      }
      expect(server.logs.filter((l) => l.msg === 'request body too slow: connection closed').length).to.be.at.least(20);
      const res = await fetch(info());
      expect(((await res.json()) as { success: boolean }).success).to.equal(true);
    });

    it('lets a slow body above the minimum rate through', async () => {
      // 100 bytes every 100 ms (1 000 bytes/s against a minimum of 200), for over two windows.
      const body = `api=SYNO.API.Info&method=query&version=1&query=SYNO.API.Info&pad=${'p'.repeat(2500)}`;
      const socket = net.connect(Number(url.port), url.hostname);
      let got = '';
      socket.on('data', (b) => (got += b.toString()));
      const closed = new Promise((r) => socket.once('close', r));
      await new Promise((r) => socket.once('connect', r));
      socket.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      for (let i = 0; i < body.length; i += 100) {
        socket.write(body.slice(i, i + 100));
        await new Promise((r) => setTimeout(r, 100));
      }
      await within(closed, 5000, 'a slow body above the minimum rate');
      expect(got).to.match(/^HTTP\/1\.1 200/);
      expect(got).to.contain('"success":true');
    });
  });

  describe('with a connection that sends nothing', () => {
    it('closes it after the headers limit', async () => {
      const quiet = slowClient(url, '', '', 0);
      const ms = await within(quiet.closed, HEADERS_MS * 5, 'a silent connection');
      expect(ms).to.be.within(HEADERS_MS * 0.9, HEADERS_MS * 4);
    });
  });

  describe('with a kept-alive connection after its answer', () => {
    it('closes it after the keep-alive limit', async () => {
      const idle = slowClient(url, `GET ${url.pathname}?api=SYNO.API.Info&method=query&version=1 HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`, '', 0);
      const ms = await within(idle.closed, 5000, 'a kept-alive connection');
      expect(idle.received()).to.match(/^HTTP\/1\.1 200/);
      expect(ms).to.be.within(900, 4000);
    });
  });

  describe('with an upload over PHOTOSTATION_UPLOAD_LIMIT', () => {
    const files = () => ({ photo: readdirSync(path.join(dir, 'photo', 'Up')), tmp: readdirSync(path.join(dir, 'tmp')) });

    it('answers 520 and leaves nothing in the photo root or the temporary folder', async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ api: 'SYNO.PhotoStation.File', method: 'uploadphoto', version: '1', dest_folder_path: 'Up', _sid: sid })) form.set(k, v);
      form.set('original', new Blob([Buffer.alloc(UPLOAD_LIMIT * 3, 7)], { type: 'image/jpeg' }), 'big.jpg');
      const res = await fetch(server.url, { method: 'POST', body: form });
      expect(await res.json()).to.deep.equal({ success: false, error: { code: 520 } });
      expect(files()).to.deep.equal({ photo: [], tmp: [] });
    });

    it('answers 520 at once for a declared length past the limit, without waiting for the body', async () => {
      const socket = net.connect(Number(url.port), url.hostname);
      let got = '';
      socket.on('data', (b) => (got += b.toString()));
      socket.on('error', () => {});
      await new Promise((r) => socket.once('connect', r));
      const t0 = performance.now();
      socket.write(
        `POST ${url.pathname}?api=SYNO.PhotoStation.File&method=uploadphoto&version=1&dest_folder_path=Up&_sid=${sid} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          `Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: ${20 * 1024 * 1024 * 1024}\r\n\r\n--xx\r\n`,
      );
      await within(new Promise((r) => socket.once('close', r)), 5000, 'an over-limit upload');
      expect(performance.now() - t0).to.be.below(3000);
      expect(got).to.match(/^HTTP\/1\.1 200/);
      expect(got).to.contain('{"success":false,"error":{"code":520}}');
      expect(got.toLowerCase()).to.contain('connection: close');
      expect(files()).to.deep.equal({ photo: [], tmp: [] });
    });

    it('still accepts a file within the limit', async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries({ api: 'SYNO.PhotoStation.File', method: 'uploadphoto', version: '1', dest_folder_path: 'Up', _sid: sid })) form.set(k, v);
      form.set('original', new Blob([Buffer.alloc(UPLOAD_LIMIT - 100, 7)], { type: 'image/gif' }), 'small.gif');
      const res = await fetch(server.url, { method: 'POST', body: form });
      expect(((await res.json()) as { success: boolean }).success).to.equal(true);
      expect(readFileSync(path.join(dir, 'photo', 'Up', 'small.gif')).length).to.equal(UPLOAD_LIMIT - 100);
    });
  });
});

describe('The access log of `npm start` (pino, PHOTOSTATION_ACCESS_LOG)', function () {
  this.timeout(60_000);

  it('writes one line per call to the file with the same fields as before, no secret, all of it out by shutdown; the PhotoLog still fills', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-access-'));
    const file = path.join(dir, 'logs', 'access.log');
    try {
      const server = await ChildServer.start(path.join(dir, 'data'), { PHOTOSTATION_ACCESS_LOG: file, PHOTOSTATION_THUMB_BACKGROUND: '0' });
      const sid = await server.login();
      await server.call({ api: 'SYNO.PhotoStation.Auth', method: 'login', username: 'admin', password: 'Wrong-Pw-1234' });
      const calls = 200;
      await Promise.all(Array.from({ length: calls }, () => server.call({ api: 'SYNO.PhotoStation.Auth', method: 'checkauth' }, sid)));
      // Not yet stopped: SIGTERM must get the buffered lines out.
      expect(await server.kill('SIGTERM')).to.equal(null);

      const lines = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).to.have.length(calls + 2);
      expect(Object.keys(lines[0] as object)).to.deep.equal(['t', 'ip', 'api', 'method', 'version', 'code', 'ms', 'user']);
      expect(lines[0]).to.deep.include({ api: 'SYNO.PhotoStation.Auth', method: 'login', version: 1, code: 0, user: 'admin' });
      expect(lines[1]).to.deep.include({ method: 'login', code: 407 });
      expect(lines.filter((l) => l.method === 'checkauth' && l.code === 0 && l.user === 'admin')).to.have.length(calls);
      for (const l of lines) expect(new Date(l.t as string).toISOString()).to.equal(l.t);
      const text = readFileSync(file, 'utf8');
      for (const secret of ['admin-pw', 'Wrong-Pw-1234', sid]) expect(text).not.to.contain(secret);
      // Standard output keeps the other lines only.
      expect(server.logs.filter((l) => 'code' in l && 'ms' in l)).to.deep.equal([]);

      const db = new Database(path.join(dir, 'data', 'photostation.db'), { readonly: true });
      try {
        expect(db.prepare('SELECT action, user FROM photo_log ORDER BY id').all()).to.deep.equal([
          { action: 'login', user: 'admin' },
          { action: 'login_failed', user: 'admin' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('configFromEnv: the HTTP limits', () => {
  it('defaults the upload limit to 20 GiB and takes PHOTOSTATION_UPLOAD_LIMIT and the timeouts from the environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ps-config-'));
    try {
      const d = configFromEnv({ PHOTOSTATION_DATA: dir });
      expect(d.uploadLimit).to.equal(20 * 1024 ** 3);
      expect(d.http).to.deep.include({ headersMs: 20_000, keepAliveMs: 5_000, requestMs: 0 });
      const c = configFromEnv({ PHOTOSTATION_DATA: dir, PHOTOSTATION_UPLOAD_LIMIT: '12345', PHOTOSTATION_HEADERS_TIMEOUT: '700', PHOTOSTATION_BODY_MIN_RATE: '9' });
      expect(c.uploadLimit).to.equal(12345);
      expect(c.http).to.deep.include({ headersMs: 700, bodyMinRate: 9 });
      expect(() => configFromEnv({ PHOTOSTATION_DATA: dir, PHOTOSTATION_UPLOAD_LIMIT: '20G' })).to.throw(/PHOTOSTATION_UPLOAD_LIMIT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
