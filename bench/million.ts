/**
 * `npx tsx bench/million.ts --items=1000000`: the library at 10 000, 100 000 and 1 000 000 items
 * (issue #19 item 7; docs/performance.md "A million photos"). The tree is real files on disk
 * (bench/million-tree.ts: items / 100 albums, one of 20 000 items); the server runs as a user
 * runs it, its own process (`node --import tsx src/main.ts`, thumbnails off:
 * PHOTOSTATION_THUMB_BACKGROUND=0), with bench/loop-probe.ts loaded into it for its event loop,
 * measuring from the moment it is loaded (bench/million-probe.ts).
 *
 * 1. Start-up on an empty photo root: the process's own start time, to tell it from the scan.
 * 2. First scan: from the spawn to listening (the structural pass, which start-up awaits) and to
 *    indexed (no row left for the metadata pass, read from the index file by a read-only
 *    connection of this process), the server's CPU time, its event loop meanwhile.
 * 3. RSS, index size on disk (db + wal).
 * 4. 10 % of the items tagged with PhotoTag.desc_tag over HTTP, 10 000 ids a call.
 * 5. Album.list of the last 100 items of the big album and Photo.list filter_tag, 50 connections
 *    each (autocannon in a child process), the event loop meanwhile, RSS after.
 * 6. Album.move of the big album into another album and back (3 moves), and of a 100-item album.
 * 7. Rescan with nothing changed: the server stopped and started again on the same data.
 *
 * Flags: `--items=10000` (default), `--seconds=8` per load run, `--dir=/tmp` (where the data
 * folder goes), `--keep` (leave the data folder), `--reuse` (use a tree left by --keep),
 * `--out=file.json` (the figures as JSON too), `--links=1000` (the files as hard links to that many
 * distinct ones: a million are made in a few minutes; bench/million-tree.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { albumId, itemIds } from '../src/library/ids.ts';
import { cannon as cannonFor, ENTRY, indexBytes, indexed, loadavg, loopLine, mb, processCpuMs, residentBytes, secs, Server } from './million-server.ts';
import type { Cannon } from './million-server.ts';
import { BIG, DEST, bigSize, fileName, layout, writeTree } from './million-tree.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ITEMS = Number(flag('items') ?? 10_000);
const SECONDS = Number(flag('seconds') ?? 8);
const BASE_DIR = flag('dir') ?? os.tmpdir();
const KEEP = process.argv.includes('--keep');
const REUSE = process.argv.includes('--reuse');
const OUT = flag('out');
/** `--links=1000`: files are hard links to that many distinct ones (bench/million-tree.ts). */
const LINKS = Number(flag('links') ?? 0);
const cannon = (url: string) => cannonFor(url, SECONDS);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const figures: Record<string, unknown> = { items: ITEMS, cpus: os.cpus().length, node: process.version, started: new Date().toISOString() };
  const say = (line: string) => console.log(line);
  const work = path.join(BASE_DIR, `ps-million-${ITEMS}`);
  const dataDir = path.join(work, 'data');
  const root = path.join(dataDir, 'photo');
  const servers: Server[] = [];
  try {
    say(`items ${ITEMS}, ${os.cpus().length} CPUs, Node ${process.version}; load average ${loadavg()}; data in ${dataDir}`);
    // 1. The process's own start-up, on an empty photo root.
    const emptyDir = path.join(work, 'empty');
    rmSync(emptyDir, { recursive: true, force: true });
    mkdirSync(emptyDir, { recursive: true });
    const empty = new Server(emptyDir, 'server.log');
    servers.push(empty);
    const emptyStart = await empty.listening();
    const loopEmpty = await empty.loopStop();
    await empty.stop();
    rmSync(emptyDir, { recursive: true, force: true });
    say(`start-up on an empty photo root: ${secs(emptyStart)}; event loop until listening (module loading, migrations): ${loopLine(loopEmpty)}`);
    figures.loopEmpty = { max: loopEmpty.max, p99: loopEmpty.p99, stalls: loopEmpty.stalls.length };
    figures.emptyStartMs = emptyStart;

    // The tree.
    if (REUSE && existsSync(path.join(work, '.tree-done'))) {
      say('reusing the tree');
      // The moves of the last run left the big album and the small one in Dest: back to their places.
      for (const a of layout(ITEMS).slice(0, 400)) {
        const moved = path.join(root, DEST, path.basename(a.path));
        if (existsSync(moved) && !existsSync(path.join(root, a.path))) renameSync(moved, path.join(root, a.path));
      }
      for (const f of ['photostation.db', 'photostation.db-wal', 'photostation.db-shm']) rmSync(path.join(dataDir, f), { force: true });
    } else {
      await promisify(execFile)('rm', ['-rf', work]);
      const tree = writeTree(root, ITEMS, (k) => k > 0 && process.stdout.write(`  written ${k}\r`), LINKS, path.join(work, 'templates'));
      writeFileSync(path.join(work, '.tree-done'), '');
      say(
        `tree: ${tree.files} files${LINKS > 0 ? ` (hard links to ${LINKS} distinct ones)` : ''} in ${tree.albums} albums with files (the big one ${bigSize(ITEMS)}), written in ${tree.seconds.toFixed(1)} s; load average ${loadavg()}`,
      );
      figures.generateSeconds = tree.seconds;
    }
    const du = await promisify(execFile)('du', ['-sk', root]);
    figures.treeBytes = Number(du.stdout.split('\t')[0]) * 1024;

    // 2. First scan.
    const load0 = loadavg();
    const first = new Server(dataDir, 'server-1.log');
    servers.push(first);
    const listenMs = await first.listening();
    const loopStructure = await first.loopStop();
    first.loopStart();
    const cpuAtListen = processCpuMs(first.child.pid!);
    say(`first scan: listening after ${secs(listenMs)} (structural pass; start-up alone ${secs(emptyStart)}); server CPU so far ${secs(cpuAtListen)}`);
    say(`  event loop before listening: ${loopLine(loopStructure)}`);
    const indexedMs = await indexed(dataDir, first, true);
    const loopMeta = await first.loopStop();
    const cpuScan = processCpuMs(first.child.pid!);
    const memScan = await first.memory();
    const memProc = residentBytes(first.child.pid!);
    const sizeScan = indexBytes(dataDir);
    const rows = memScan.rows.items ?? 0;
    if (rows !== ITEMS) throw new Error(`the index holds ${rows} items, expected ${ITEMS}`);
    say(
      `first scan: indexed after ${secs(indexedMs)} (${Math.round(ITEMS / ((indexedMs - emptyStart) / 1000))} files/s after start-up, ${(((indexedMs - emptyStart) * 1000) / ITEMS).toFixed(1)} µs/file); server CPU ${secs(cpuScan)} (${((cpuScan * 1000) / ITEMS).toFixed(1)} µs/file); load average ${load0} -> ${loadavg()}`,
    );
    say(`  event loop listening -> indexed (metadata pass): ${loopLine(loopMeta)}`);
    say(
      `  RSS ${mb(memProc.rss)} (peak ${mb(memProc.peak)}), heap ${mb(memScan.heapUsed)}; index ${mb(sizeScan.db)} + wal ${mb(sizeScan.wal)} (${((sizeScan.db + sizeScan.wal) / ITEMS).toFixed(0)} bytes/item); rows ${JSON.stringify(memScan.rows)}`,
    );
    Object.assign(figures, {
      loadBefore: load0,
      listenMs,
      indexedMs,
      cpuScanMs: cpuScan,
      loopStructure: { max: loopStructure.max, p99: loopStructure.p99, stalls: loopStructure.stalls.length },
      loopMeta: { max: loopMeta.max, p99: loopMeta.p99, stalls: loopMeta.stalls.length, worst: loopMeta.stalls.sort((a, b) => b.ms - a.ms).slice(0, 5) },
      rssScan: memProc.rss,
      peakScan: memProc.peak,
      heapScan: memScan.heapUsed,
      indexScan: sizeScan,
      rows: memScan.rows,
    });

    // 4. Tag every tenth item, over HTTP as a client would.
    const sid = await first.login();
    const created = await first.call(sid, 'SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: 'million' });
    if (!created.success) throw new Error(`Tag.create: ${JSON.stringify(created)}`);
    const tagId = created.data.id as string;
    const albums = layout(ITEMS);
    let pending: string[] = [];
    let tagged = 0;
    let tagMs = 0;
    const tagChunk = async () => {
      const t = performance.now();
      const r = await first.call(sid, 'SYNO.PhotoStation.PhotoTag', 'desc_tag', { id: pending.join(','), tag_id: tagId });
      tagMs += performance.now() - t;
      if (!r.success) throw new Error(`desc_tag: ${JSON.stringify(r).slice(0, 300)}`);
      tagged += pending.length;
      pending = [];
    };
    let k = 0;
    for (const album of albums) {
      const names: string[] = [];
      for (let i = 0; i < album.files; i++, k++) if (k % 10 === 0) names.push(fileName(i));
      pending.push(...itemIds(album.path, names, 'photo'));
      if (pending.length >= 10_000) await tagChunk();
    }
    if (pending.length > 0) await tagChunk();
    say(`tagged ${tagged} items with desc_tag in ${secs(tagMs)} (${((tagMs * 1000) / tagged).toFixed(1)} µs/item)`);
    figures.tagged = tagged;
    figures.tagMs = tagMs;

    // A user who is not an administrator, granted browse on the root: Photo.list is then limited
    // to the albums they may browse, every one of them here.
    const made = await first.call(sid, 'SYNO.PhotoStation.User', 'create', { username: 'viewer', password: 'viewer-pw' });
    const granted = await first.call(sid, 'SYNO.PhotoStation.Permission', 'edit', { id: '', username: 'viewer', browse: 'true' });
    if (!made.success || !granted.success) throw new Error(`viewer: ${JSON.stringify([made, granted])}`);
    const viewerSid = (
      (await (await fetch(`${first.url}${ENTRY}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=viewer&password=viewer-pw`)).json()) as { data: { sid: string } }
    ).data.sid;

    // 5. Reads under load.
    const big = bigSize(ITEMS);
    const offset = big - 100;
    const listUrl = `${first.url}${ENTRY}?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId(BIG)}&offset=${offset}&limit=100&_sid=${sid}`;
    const tagUrl = `${first.url}${ENTRY}?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=100&filter_tag=${tagId}&_sid=${sid}`;
    let t = performance.now();
    const firstList = (await (await fetch(listUrl)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
    const firstListMs = performance.now() - t;
    if (!firstList.success || firstList.data.items.length !== 100) throw new Error(`Album.list: ${JSON.stringify(firstList).slice(0, 300)}`);
    t = performance.now();
    const firstTag = (await (await fetch(tagUrl)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
    const firstTagMs = performance.now() - t;
    if (!firstTag.success || firstTag.data.total !== tagged || firstTag.data.items.length !== 100)
      throw new Error(`Photo.list filter_tag: ${JSON.stringify(firstTag).slice(0, 300)}`);
    const viewerUrl = tagUrl.replace(`_sid=${sid}`, `_sid=${viewerSid}`);
    t = performance.now();
    const firstViewer = (await (await fetch(viewerUrl)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
    const firstViewerMs = performance.now() - t;
    if (!firstViewer.success || firstViewer.data.total !== tagged) throw new Error(`Photo.list filter_tag as viewer: ${JSON.stringify(firstViewer).slice(0, 300)}`);
    const loadL0 = loadavg();
    first.loopStart();
    const cpuL0 = processCpuMs(first.child.pid!);
    const list = await cannon(listUrl);
    const cpuL1 = processCpuMs(first.child.pid!);
    const tag = await cannon(tagUrl);
    const cpuL2 = processCpuMs(first.child.pid!);
    const viewer = await cannon(viewerUrl);
    const cpuL3 = processCpuMs(first.child.pid!);
    const loopLoad = await first.loopStop();
    const memLoad = residentBytes(first.child.pid!);
    const row = (name: string, c: Cannon, cpuMs: number, firstMs: number) =>
      `${name}: ${Math.round(c.requests.average)} req/s, p50 ${c.latency.p50} ms, p99 ${c.latency.p99} ms, max ${c.latency.max} ms, errors ${c.errors + c.non2xx}, server CPU ${((cpuMs * 1000) / c.requests.total).toFixed(0)} µs/request; the first request (cache cold) ${firstMs.toFixed(0)} ms`;
    say(row(`Album.list ${BIG} (${big} items) offset ${offset}, 50 connections`, list, cpuL1 - cpuL0, firstListMs));
    say(row(`Photo.list filter_tag (${tagged} of ${ITEMS}) offset 0, 50 connections`, tag, cpuL2 - cpuL1, firstTagMs));
    say(row(`Photo.list filter_tag as a user granted browse on the root (not an administrator), 50 connections`, viewer, cpuL3 - cpuL2, firstViewerMs));
    say(`  event loop during the three: ${loopLine(loopLoad)}; load average ${loadL0} -> ${loadavg()}; RSS after ${mb(memLoad.rss)} (peak ${mb(memLoad.peak)})`);
    Object.assign(figures, {
      list: {
        rps: list.requests.average,
        p50: list.latency.p50,
        p99: list.latency.p99,
        errors: list.errors + list.non2xx,
        cpuUs: ((cpuL1 - cpuL0) * 1000) / list.requests.total,
        firstMs: firstListMs,
      },
      tag: {
        rps: tag.requests.average,
        p50: tag.latency.p50,
        p99: tag.latency.p99,
        errors: tag.errors + tag.non2xx,
        cpuUs: ((cpuL2 - cpuL1) * 1000) / tag.requests.total,
        firstMs: firstTagMs,
      },
      viewer: {
        rps: viewer.requests.average,
        p50: viewer.latency.p50,
        p99: viewer.latency.p99,
        errors: viewer.errors + viewer.non2xx,
        cpuUs: ((cpuL3 - cpuL2) * 1000) / viewer.requests.total,
        firstMs: firstViewerMs,
      },
      loopLoad: { max: loopLoad.max, p99: loopLoad.p99, stalls: loopLoad.stalls.length, worst: loopLoad.stalls.sort((a, b) => b.ms - a.ms).slice(0, 5) },
      loadLoad: `${loadL0} -> ${loadavg()}`,
      rssLoad: memLoad.rss,
      peakLoad: memLoad.peak,
    });

    // 6. Album.move of the big album into Dest and back, and of a 100-item album.
    const small = albums.find((a) => a.files === 100 && a.path.includes('/'))?.path ?? (albums[1]?.path as string);
    const move = async (from: string, to: string) => {
      const t0 = performance.now();
      const r = await first.call(sid, 'SYNO.PhotoStation.Album', 'move', { id: albumId(from), sharepath: albumId(to), duplicate: 'ignore' });
      const ms = performance.now() - t0;
      if (!r.success) throw new Error(`Album.move ${from} -> ${to}: ${JSON.stringify(r).slice(0, 300)}`);
      const landed = to === '' ? path.basename(from) : `${to}/${path.basename(from)}`;
      if (!existsSync(path.join(root, landed, fileName(0)))) throw new Error(`Album.move ${from}: nothing at ${landed}`);
      return ms;
    };
    first.loopStart();
    const bigMoves: number[] = [];
    const smallMoves: number[] = [];
    for (let i = 0; i < 3; i++) {
      bigMoves.push(i % 2 === 0 ? await move(BIG, DEST) : await move(`${DEST}/${BIG}`, ''));
      smallMoves.push(i % 2 === 0 ? await move(small, DEST) : await move(`${DEST}/${path.basename(small)}`, path.dirname(small)));
    }
    const loopMove = await first.loopStop();
    const bigAfter = path.join(root, DEST, BIG);
    say(
      `Album.move of ${BIG} (${big} items): ${bigMoves.map((m) => m.toFixed(0)).join(', ')} ms (median ${median(bigMoves).toFixed(0)}); of ${small} (100 items): ${smallMoves.map((m) => m.toFixed(0)).join(', ')} ms (median ${median(smallMoves).toFixed(0)})`,
    );
    say(`  event loop during the moves: ${loopLine(loopMove)}`);
    Object.assign(figures, { bigMoves, smallMoves, loopMove: { max: loopMove.max, p99: loopMove.p99, stalls: loopMove.stalls.length } });
    const sizeLoad = indexBytes(dataDir);
    figures.indexLoad = sizeLoad;
    await first.stop();
    const sizeStopped = indexBytes(dataDir);
    figures.indexStopped = sizeStopped;
    say(`index on disk after the load and moves ${mb(sizeLoad.db)} + wal ${mb(sizeLoad.wal)}; after the server stopped ${mb(sizeStopped.db)} + wal ${mb(sizeStopped.wal)}`);

    // 7. Rescan, nothing changed (the big album stays in Dest, where the last move put it).
    if (!existsSync(bigAfter)) throw new Error('the big album is not where the moves left it');
    const load2 = loadavg();
    const again = new Server(dataDir, 'server-2.log');
    servers.push(again);
    const rescanMs = await again.listening();
    const loopRescan = await again.loopStop();
    const rescanIndexed = await indexed(dataDir, again, false);
    const cpuRescan = processCpuMs(again.child.pid!);
    const memRescan = residentBytes(again.child.pid!);
    const changedLog = /start-up scan changed the index/.test(again.logText());
    say(
      `rescan (restart, nothing changed): listening after ${secs(rescanMs)}, indexed after ${secs(rescanIndexed)}; ${(((rescanMs - emptyStart) * 1000) / ITEMS).toFixed(1)} µs/file past start-up; server CPU ${secs(cpuRescan)}; RSS ${mb(memRescan.rss)}; load average ${load2} -> ${loadavg()}${changedLog ? '; THE SCAN CHANGED THE INDEX' : ''}`,
    );
    say(`  event loop before listening: ${loopLine(loopRescan)}`);
    Object.assign(figures, {
      rescanMs,
      rescanIndexed,
      cpuRescanMs: cpuRescan,
      rssRescan: memRescan.rss,
      rescanChanged: changedLog,
      loopRescan: { max: loopRescan.max, p99: loopRescan.p99 },
    });
    await again.stop();
    figures.loadAfter = loadavg();
    figures.ended = new Date().toISOString();
    if (OUT) writeFileSync(OUT, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    for (const s of servers) await s.stop();
    // rm(1), not fs.rmSync: Node's walk took minutes for 100 000 files on a loaded machine.
    if (!KEEP) await promisify(execFile)('rm', ['-rf', work]);
  }
}

await main();
