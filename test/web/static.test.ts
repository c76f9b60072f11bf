import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { CSP, WEB_DIR, webInterface } from '../../src/web/static.ts';
import { OpsFixture } from '../helpers/ops-fixture.ts';

/** A raw GET: fetch would resolve `..` in the URL before sending it. */
function get(base: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web interface is served by the server itself', () => {
  let f: OpsFixture;
  let base: string;
  const index = readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');

  before(async () => {
    f = await OpsFixture.start();
    base = f.url.replace('/photo/webapi/entry.cgi', '');
  });
  after(() => f.stop());

  it('redirects / and /photo to /photo/', async () => {
    for (const p of ['/', '/photo']) {
      const r = await get(base, p);
      expect(r.status, p).to.equal(302);
      expect(r.headers.location).to.equal('/photo/');
      expect(r.body, 'no HTML outside the page').to.equal('');
    }
    expect((await fetch(`${base}/`, { method: 'POST' })).status, 'only GET and HEAD').to.equal(404);
  });

  it('answers /photo/ with the page and the security headers', async () => {
    const r = await get(base, '/photo/');
    expect(r.status).to.equal(200);
    expect(r.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(r.body).to.equal(index);
    expect(r.headers['content-security-policy']).to.equal(CSP);
    expect(CSP).to.include("script-src 'self'").and.include("default-src 'self'").and.include("frame-ancestors 'none'").and.not.include('unsafe');
    expect(r.headers['x-content-type-options']).to.equal('nosniff');
    expect(r.headers['referrer-policy']).to.equal('same-origin');
  });

  it('serves scripts and styles with their types, and answers 304 to a matching ETag', async () => {
    const js = await get(base, '/photo/js/app.js');
    expect(js.status).to.equal(200);
    expect(js.headers['content-type']).to.equal('text/javascript; charset=utf-8');
    expect(js.body).to.equal(readFileSync(path.join(WEB_DIR, 'js/app.js'), 'utf8'));
    expect(js.headers['cache-control']).to.equal('no-cache');
    const etag = js.headers.etag as string;
    expect(etag).to.match(/^"[\w-]+"$/);
    const again = await get(base, '/photo/js/app.js', { 'If-None-Match': etag });
    expect(again.status).to.equal(304);
    expect(again.body).to.equal('');
    const css = await get(base, '/photo/app.css');
    expect(css.headers['content-type']).to.equal('text/css; charset=utf-8');
    expect((await get(base, '/photo/icon.svg')).headers['content-type']).to.equal('image/svg+xml');
  });

  it("answers the page for the interface's own routes, and 404 for a missing script", async () => {
    for (const p of ['/photo/album/album_4142', '/photo/trash', '/photo/search?keyword=x']) {
      const r = await get(base, p);
      expect(r.status, p).to.equal(200);
      expect(r.body, p).to.equal(index);
    }
    expect((await get(base, '/photo/js/missing.js')).status).to.equal(404);
  });

  it('leaves the WebAPI directory alone: unknown paths there stay 404, the API still answers', async () => {
    expect((await get(base, '/photo/webapi/nothing.php')).status).to.equal(404);
    expect((await get(base, '/photo/webapi/')).status).to.equal(404);
    const info = await get(base, '/photo/webapi/query.php?api=SYNO.API.Info&method=query&version=1&query=all');
    expect(JSON.parse(info.body).success).to.equal(true);
    expect(info.headers['content-security-policy']).to.equal(undefined);
  });

  it('never serves a file outside web/, however the path is spelled', async () => {
    const secret = readFileSync(path.join(WEB_DIR, '../package.json'), 'utf8');
    const paths = [
      '/photo/../package.json',
      '/photo/../../etc/passwd',
      '/photo/%2e%2e/package.json',
      '/photo/%2e%2e%2fpackage.json',
      '/photo/js/..%2f..%2fpackage.json',
      '/photo/..%5cpackage.json',
      '/photo/js/%2e%2e/%2e%2e/package.json',
      '/photo/%00/../package.json',
      '/photo//etc/passwd',
      '/photo/.%2e/.%2e/package.json',
    ];
    for (const p of paths) {
      const r = await get(base, p);
      expect(r.body, p).to.not.include('"name": "photostation-server"');
      expect(r.body, p).to.not.equal(secret);
      expect(r.body, p).to.not.match(/root:.*:0:0:/);
      expect([200, 400, 404], p).to.include(r.status);
      if (r.status === 200) expect(r.body, p).to.equal(index);
    }
  });

  it('preloads every module of web/js from the page, so none waits for its importer to load', () => {
    const preloaded = [...index.matchAll(/<link rel="modulepreload" href="\/photo\/js\/([^"]+)">/g)].map((m) => m[1]).sort();
    const modules = readdirSync(path.join(WEB_DIR, 'js'))
      // The two pages' entries: app.js of the app, share.js of a share's public page (SPEC §18).
      .filter((n) => n.endsWith('.js') && n !== 'app.js' && n !== 'share.js')
      .sort();
    expect(preloaded).to.deep.equal(modules);
  });

  it("answers a share's public page, its own page, under /photo/share/<id> with the same headers", async () => {
    const page = readFileSync(path.join(WEB_DIR, 'share.html'), 'utf8');
    const r = await get(base, '/photo/share/AAAAAAAAAAAAAAAAAAAAAA');
    expect(r.status).to.equal(200);
    expect(r.body).to.equal(page).and.not.equal(index);
    expect(r.headers['content-security-policy']).to.equal(CSP);
    expect(page).to.include('/photo/js/share.js').and.not.include('/photo/js/app.js');
  });

  it('needs no inline script or style: the page obeys its own CSP', () => {
    const files = readdirSync(WEB_DIR, { recursive: true })
      .map(String)
      .filter((n) => n.endsWith('.html'));
    for (const name of files) {
      const html = readFileSync(path.join(WEB_DIR, name), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, name).to.match(/\ssrc="\/photo\//);
      expect(html, name).to.not.match(/<style\b|\sstyle=|\son[a-z]+=/i);
      expect(html, name).to.not.match(/https?:\/\//);
    }
    for (const name of readdirSync(WEB_DIR, { recursive: true })
      .map(String)
      .filter((n) => n.endsWith('.js') || n.endsWith('.css'))) {
      const text = readFileSync(path.join(WEB_DIR, name), 'utf8');
      // Nothing from another origin, and no way for text to become markup.
      expect(text, name).to.not.match(/https?:\/\/(?!www\.w3\.org)/);
      expect(text, name).to.not.match(/\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=|document\.write|\beval\(|new Function/);
    }
  });
});

describe('the web files are read by a walk that stays inside the folder', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ps-web-'));
    mkdirSync(path.join(dir, 'web'));
    writeFileSync(path.join(dir, 'web/index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(dir, 'secret.js'), 'secret();');
    mkdirSync(path.join(dir, 'outside'));
    writeFileSync(path.join(dir, 'outside/inner.js'), 'inner();');
    writeFileSync(path.join(dir, 'web/.hidden.js'), 'hidden();');
    symlinkSync(path.join(dir, 'secret.js'), path.join(dir, 'web/link.js'));
    symlinkSync(path.join(dir, 'outside'), path.join(dir, 'web/dir'));
    const app = new Koa();
    app.use(webInterface(path.join(dir, 'web')));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not follow links to files or folders, nor serve hidden files', async () => {
    for (const p of ['/photo/link.js', '/photo/dir/inner.js', '/photo/.hidden.js']) {
      const r = await get(base, p);
      expect(r.status, p).to.equal(404);
      expect(r.body, p).to.not.match(/secret|inner|hidden\(/);
    }
  });
});
