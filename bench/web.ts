/**
 * npx tsx bench/web.ts — the web interface's two performance targets (issue #16, figures in
 * docs/performance.md, "Web interface"), measured in headless chromium with the browser's own
 * performance timeline:
 *
 * 1. Opening an album of BENCH_PHOTOS (default 10 000) real small JPEGs: how long from the start of
 *    the navigation until the first thumbnail, and until every thumbnail of the first screen, is
 *    painted (Element Timing: the grid's images carry `elementtiming`). Three runs:
 *    - cold: no thumbnail exists on the server yet (they are made as the grid asks for them);
 *    - server-cached: the thumbnails exist on the server, the browser's cache is empty (a new
 *      browser context);
 *    - browser-cached: the same context again (the browser revalidates nothing: thumbnail URLs
 *      carry their signature).
 *    Each is run BENCH_RUNS times (default 3); before each cold run the server is restarted with
 *    its thumbnail folder emptied (it also keeps recently sent thumbnails in memory).
 * 2. JavaScript (and CSS, HTML) the first page loads: every script, style and page response of
 *    loading `/photo/`, raw and compressed (gzip -9 and brotli at its highest), as the target is
 *    "under 150 KB compressed".
 *
 * The server runs the way a user runs it: its own process, `node --import tsx src/main.ts` (what
 * `npm start` runs), with its access log on, on a data folder written and scanned beforehand.
 * During the cold runs its background generation is off (PHOTOSTATION_THUMB_BACKGROUND=0): with it
 * on, the restarted server would make the first screen's thumbnails before the browser asks, and
 * the run would not be cold. Server, browser and this script share the machine's cores, as the
 * issue asks; the load average is printed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { albumId } from '../src/library/ids.ts';
import { CHROMIUM, logIn } from '../test/helpers/browser.ts';
import { picture } from '../test/helpers/pictures.ts';
import { ServerProcess } from './server-process.ts';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DISTINCT = 100;
/** The administrator's password ServerProcess gives a new data folder. */
const PASSWORD = 'bench-pw';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN;

interface Opening {
  /** ms from navigation start to the first thumbnail painted */
  first: number;
  /** ms from navigation start until every thumbnail of the first screen is painted */
  screen: number;
  /** thumbnails on the first screen */
  tiles: number;
  /** ms from navigation start until the listing answered (the grid's first page) */
  listing: number;
}

/** Opens the album in `page` and reads the timeline: Element Timing entries of the thumbnails. */
async function openAlbum(page: Page, url: string): Promise<Opening> {
  await page.goto(url);
  await page.waitForFunction(
    () => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('.tile img')];
      const inView = imgs.filter((i) => i.getBoundingClientRect().top < innerHeight);
      return inView.length > 0 && inView.every((i) => i.complete && i.naturalWidth > 0);
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  return page.evaluate(async () => {
    const entries = await new Promise<PerformanceEntry[]>((resolve) => {
      const seen: PerformanceEntry[] = [];
      const obs = new PerformanceObserver((list) => seen.push(...list.getEntries()));
      obs.observe({ type: 'element', buffered: true });
      // Paint entries arrive after the frame that painted them: one more frame, then read.
      requestAnimationFrame(() =>
        setTimeout(() => {
          obs.disconnect();
          resolve(seen);
        }, 100),
      );
    });
    const inView = new Set([...document.querySelectorAll<HTMLImageElement>('.tile img')].filter((i) => i.getBoundingClientRect().top < innerHeight));
    const times = (entries as (PerformanceEntry & { identifier: string; renderTime: number; loadTime: number; element: Element | null })[])
      .filter((e) => e.identifier === 'thumb' && e.element && inView.has(e.element as HTMLImageElement))
      .map((e) => e.renderTime || e.loadTime);
    const listing = performance
      .getEntriesByType('resource')
      .find((r) => r.name.endsWith('entry.cgi') && (r as PerformanceResourceTiming).initiatorType === 'fetch' && r.startTime > 0);
    return { first: Math.min(...times), screen: Math.max(...times), tiles: times.length, listing: listing ? (listing as PerformanceResourceTiming).responseEnd : NaN };
  });
}

async function main(): Promise<void> {
  console.log(`bench/web.ts: ${PHOTOS} photos, ${RUNS} runs; load average at start ${load()}; ${os.cpus().length} cores`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ps-bench-web-'));
  const thumbDir = path.join(dataDir, 'thumbs');
  // The access log goes where npm start sends it, standard output (a file here: server.log).
  const env = { PHOTOSTATION_THUMB_BACKGROUND: '0' };
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  try {
    // Real JPEGs (320 x 240, ~10 KB), DISTINCT different pictures written round-robin.
    let t = Date.now();
    const pictures = await Promise.all(Array.from({ length: DISTINCT }, (_, i) => picture(i, 320, 240)));
    const dir = path.join(dataDir, 'photo', 'Big album');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < PHOTOS; i++) writeFileSync(path.join(dir, `img${String(i).padStart(5, '0')}.jpg`), pictures[i % DISTINCT]!);
    console.log(`wrote ${PHOTOS} JPEGs (${(pictures.reduce((n, p) => n + p.length, 0) / DISTINCT / 1024).toFixed(1)} KB average) in ${Date.now() - t} ms`);
    t = Date.now();
    // The first start indexes the folder (structure, then metadata); quiet once both are done.
    server = await ServerProcess.start(dataDir, env);
    await server.quiet();
    console.log(`first start: scanned (structure + metadata) in ${Date.now() - t} ms`);
    await server.stop();
    server = undefined;
    const albumPath = `/photo/album/${albumId('Big album')}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    let base = '';
    const url = () => `${base}${albumPath}`;
    const results: Record<string, Opening[]> = { cold: [], 'server-cached': [], 'browser-cached': [] };
    for (let run = 0; run < RUNS; run++) {
      // Cold: no thumbnail on the server, on disk or in its memory (a restarted server), its
      // start-up rescan finished.
      await server?.stop();
      rmSync(thumbDir, { recursive: true, force: true });
      server = await ServerProcess.start(dataDir, env);
      await server.quiet();
      base = server.url;
      const cold = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await cold.newPage();
      await logIn(page, base, 'admin', PASSWORD);
      results.cold!.push(await openAlbum(page, url()));
      await cold.close();
      const made = !existsSync(thumbDir) ? 0 : readdirSync(thumbDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      // Server-cached: a new context, so nothing in the browser's cache.
      const warm = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page2 = await warm.newPage();
      await logIn(page2, base, 'admin', PASSWORD);
      results['server-cached']!.push(await openAlbum(page2, url()));
      // Browser-cached: the same context, the album opened again.
      await page2.goto(`${base}/photo/`);
      results['browser-cached']!.push(await openAlbum(page2, url()));
      await warm.close();
      console.log(`run ${run + 1}: ${made} thumbnail files made by the cold opening; load average ${load()}`);
    }
    console.log('\nopening the album (ms from navigation start; median of runs, then each run):');
    for (const [name, runs] of Object.entries(results)) {
      const fmt = (k: keyof Opening) => `${median(runs.map((r) => r[k])).toFixed(0)} [${runs.map((r) => r[k].toFixed(0)).join(', ')}]`;
      console.log(
        `  ${name.padEnd(15)} first thumbnail painted ${fmt('first')}; first screen (${runs[0]?.tiles} thumbnails) painted ${fmt('screen')}; listing answered ${fmt('listing')}`,
      );
    }

    // What the first page loads, from a new context (nothing cached).
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    const loaded: { url: string; type: string; body: Buffer }[] = [];
    page.on('response', (res) => {
      const type = res.request().resourceType();
      if (['script', 'stylesheet', 'document'].includes(type))
        void res.body().then(
          (body) => loaded.push({ url: res.url(), type, body }),
          () => {},
        );
    });
    await logIn(page, base, 'admin', PASSWORD);
    await page.goto(url());
    await page.getByRole('img').first().waitFor();
    await page.waitForTimeout(500);
    await ctx.close();
    const sum = (type?: string) => {
      const parts = loaded.filter((l) => !type || l.type === type);
      const raw = parts.reduce((n, l) => n + l.body.length, 0);
      const gz = parts.reduce((n, l) => n + gzipSync(l.body, { level: 9 }).length, 0);
      const br = parts.reduce((n, l) => n + brotliCompressSync(l.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);
      return `${parts.length} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip -9, ${(br / 1024).toFixed(1)} KB brotli`;
    };
    const scripts = new Set(loaded.filter((l) => l.type === 'script').map((l) => l.url));
    console.log(`\nfirst page (login, then the album): JavaScript ${sum('script')}; CSS ${sum('stylesheet')}; HTML ${sum('document')}; all ${sum()}`);
    console.log(
      `  scripts: ${[...scripts]
        .map((u) => new URL(u).pathname.replace('/photo/js/', ''))
        .sort()
        .join(' ')}`,
    );
    console.log(`load average at the end ${load()}`);
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
