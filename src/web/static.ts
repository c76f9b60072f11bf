import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Middleware, Next } from 'koa';

/** The web interface's files: `web/` beside `src/`. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

const PREFIX = '/photo/';
const SHARE_PREFIX = '/photo/share/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * No inline script and no other origin (SPEC §16): whatever user text slipped into the page as
 * markup could not run. `blob:`/`data:` images only for previews of files picked for upload.
 */
export const CSP =
  "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
} as const;

interface WebFile {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Every file of `web/`, read once at start, keyed by its URL path below `/photo/`. Serving from
 * this map means no request path ever reaches the file system: `..`, encoded slashes and links
 * cannot lead anywhere the walk did not go. Links are skipped by the walk itself (lstat), and so
 * are hidden names. The interface is a few hundred kilobytes; holding it costs less than reading
 * it per request.
 */
export function loadWebFiles(dir: string = WEB_DIR): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (abs: string, rel: string): void => {
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.')) continue;
      const full = path.join(abs, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full, `${rel}${name}/`);
      else if (st.isFile()) {
        const type = TYPES[path.extname(name).toLowerCase()];
        if (type === undefined) continue;
        const body = readFileSync(full);
        files.set(`${rel}${name}`, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
      }
    }
  };
  walk(dir, '');
  return files;
}

function send(ctx: Context, file: WebFile): void {
  ctx.set(SECURITY_HEADERS);
  // No hashed file names, so every load revalidates; the ETag makes that a 304 of a few bytes.
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('ETag', file.etag);
  if (
    ctx
      .get('If-None-Match')
      .split(/\s*,\s*/)
      .includes(file.etag)
  ) {
    ctx.status = 304;
    return;
  }
  ctx.type = file.type;
  ctx.body = file.body;
}

/**
 * The web interface (SPEC §16): `/` and `/photo` redirect to `/photo/`; a file of `web/` is served
 * as itself; any other `/photo/...` path is a route of the single-page interface and answers
 * `index.html`. The WebAPI's directory is not the interface's: an unknown `/photo/webapi/...`
 * path stays a 404, as do other methods than GET and HEAD.
 */
export function webInterface(dir: string = WEB_DIR): Middleware {
  const files = loadWebFiles(dir);
  const index = files.get('index.html');
  if (index === undefined) throw new Error(`The web interface has no index.html in ${dir}`);
  // A folder without it (tests that serve a folder of their own) answers the app's page there.
  const sharePage = files.get('share.html') ?? index;
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const p = ctx.path;
    if (p === '/' || p === '/photo') {
      // No body: Koa's redirect page would be HTML, and nothing outside the page itself is.
      ctx.status = 302;
      ctx.set('Location', '/photo/');
      ctx.body = '';
      return;
    }
    // A personal library's address (SPEC §18), `/~<user>/photo/...`: the same page, which reads
    // the library from its address; its files are named from `/photo/` and its WebAPI is the
    // WebAPI's (`/~<user>/photo/webapi/...`, answered before this or a 404).
    const personal = /^\/~[^/]+(\/photo(?:\/.*)?)$/.exec(p)?.[1];
    if (personal !== undefined) {
      if (personal === '/photo/webapi' || personal.startsWith('/photo/webapi/')) return next();
      return send(ctx, index);
    }
    if (!p.startsWith(PREFIX) || p.startsWith('/photo/webapi/') || p === '/photo/webapi') return next();
    // A share's public page (SPEC §18) is its own small page: nothing of the app (no album
    // tree, no administration) is loaded for a visitor.
    if (p.startsWith(SHARE_PREFIX) && !p.slice(SHARE_PREFIX.length).includes('/')) return send(ctx, sharePage);
    const file = files.get(p.slice(PREFIX.length));
    // A missing script or style is a 404, not the page: the browser would refuse it anyway.
    if (file === undefined && TYPES[path.posix.extname(p).toLowerCase()] !== undefined && !p.endsWith('.html')) return next();
    send(ctx, file ?? index);
  };
}
