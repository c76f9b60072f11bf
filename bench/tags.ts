/**
 * `npm run bench:tags`: the two tag figures of SPEC §15, each against a baseline in the same run.
 *
 * 1. `Photo.list filter_tag` over 100 000 photos of which 10 000 carry the tag, 50 connections
 *    (autocannon in a child process), against `Photo.list` without a filter on the same server,
 *    against a bare Koa app answering the filtered list's bytes (the floor of its latency), and
 *    against that app with the duties of every call (bench/duties-app.ts); the server is run
 *    again after the floors.
 * 2. One `PhotoTag.desc_tag` call tagging 10 000 photos, against the raw floor: the same 10 000
 *    `INSERT`s in one better-sqlite3 transaction, no checks; those inserts with the change-feed
 *    row per photo that Sync clients are owed; and all the call's duties done the cheapest way
 *    (each id decoded and checked, its row found, link and feed row written, one transaction);
 *    with the server's event-loop delay during the call.
 *
 * The server runs in its own process, as `npm start` runs it (bench/server-process.ts).
 * BENCH_ITEMS (default 100 000), BENCH_TAGGED (10 000) and BENCH_SECONDS (8) change the sizes.
 */
import { cannon } from './cannon.ts';
import type { Cannon } from './cannon.ts';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { decodeItemId, itemId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';
import { ServerProcess } from './server-process.ts';

const items = Number(process.env.BENCH_ITEMS ?? 100_000);
const tagged = Number(process.env.BENCH_TAGGED ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

// The library is made in this process (rows written straight into the index), then the server runs
// on it in its own process, as `npm start` runs it (access log on): what is measured is only that.
const f = await OpsFixture.start();
const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let server: ServerProcess | undefined;
let bare: ChildProcess | undefined;
let duties: ChildProcess | undefined;
let stopped = false;
try {
  const t0 = performance.now();
  f.bulk('Big', items, 1);
  console.log(
    `${items} photos made in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const big = f.lib.albums.byPath('Big')!;
  const rows = f.lib.db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM items WHERE album_id = ? ORDER BY id').all(big.id);
  const newTag = async (name: string) => {
    const created = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name });
    if (!created.success) throw new Error(`Tag.create: ${JSON.stringify(created)}`);
    return created.data.id as string;
  };
  const rowOf = (tag: string) => Number(tag.replace(/^tag_/, ''));

  // The list filter's tag: every tenth photo carries it, spread over the whole album.
  const listTag = await newTag('bench-list');
  const link = f.lib.db.prepare('INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)');
  const step = Math.max(1, Math.floor(items / tagged));
  f.lib.db.transaction(() => {
    for (let i = 0; i < rows.length; i += step) link.run(rows[i]!.id, rowOf(listTag));
  })();

  // The floors of desc_tag: the same links written raw in one transaction, then with the feed
  // event per item that Sync clients need (what the call must also write).
  const ids = rows.slice(0, tagged);
  const rawTag = rowOf(await newTag('bench-raw'));
  const rawStart = performance.now();
  f.lib.db.transaction(() => {
    for (const r of ids) link.run(r.id, rawTag);
  })();
  const rawMs = performance.now() - rawStart;
  const fedTag = rowOf(await newTag('bench-raw-fed'));
  const event = f.lib.db.prepare("INSERT INTO changes (action, data_type, data_key, data, at) VALUES ('UPDATE', 'photo', ?, '{\"tags\":true}', ?)");
  const fedStart = performance.now();
  f.lib.db.transaction(() => {
    for (const r of ids) {
      link.run(r.id, fedTag);
      event.run(itemId('Big', r.name, 'photo'), Date.now());
    }
  })();
  const fedMs = performance.now() - fedStart;
  // The floor of all the call's duties, the cheapest correct way: each client id decoded and
  // checked (it must not name anything outside the library), its row found by album and name,
  // the link and the feed event written, all in one transaction.
  const dutyTag = rowOf(await newTag('bench-raw-duties'));
  const lookup = f.lib.db.prepare<[number, string], { id: number }>('SELECT id FROM items WHERE album_id = ? AND name = ?');
  const clientIds = ids.map((r) => itemId('Big', r.name, 'photo'));
  const dutyStart = performance.now();
  f.lib.db.transaction(() => {
    const albums = new Map<string, number>();
    for (const id of clientIds) {
      const ref = decodeItemId(id);
      let album = albums.get(ref.albumPath);
      if (album === undefined) albums.set(ref.albumPath, (album = f.lib.albums.byPath(ref.albumPath)!.id));
      link.run(lookup.get(album, ref.name)!.id, dutyTag);
      event.run(id, Date.now());
    }
  })();
  const dutyMs = performance.now() - dutyStart;
  const apiTag = await newTag('bench-api');
  await f.stop(true);
  stopped = true;
  // The 100 000 files just written are still being flushed by the kernel; measured then, the
  // server shares the disk and a core with that writeback (a 936 ms desc_tag against 392 ms).
  execFileSync('sync');

  // The files are stand-ins, not pictures: the library's thumbnails count as made long ago.
  server = await ServerProcess.start(f.dir, { PHOTOSTATION_THUMB_BACKGROUND: '0' });
  const settled = await server.quiet();
  const sid = await server.login('admin-pw');
  const entry = `${server.url}/photo/webapi/entry.cgi`;
  const base = `${entry}?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=100&_sid=${sid}`;
  const filtered = `${base}&filter_tag=${listTag}`;
  const check = (await (await fetch(filtered)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
  if (!check.success || check.data.total !== Math.ceil(rows.length / step) || check.data.items.length !== 100)
    throw new Error(`unexpected filtered list: ${JSON.stringify(check).slice(0, 300)}`);
  const plain = await cannon(base, seconds);
  const tagList = await cannon(filtered, seconds);
  // The floor of the filtered list's latency: a bare Koa app (bench/bare-app.ts) in its own
  // process answering the same bytes with the same headers, and doing nothing else.
  const answer = await fetch(filtered);
  const headers: Record<string, string> = {};
  for (const name of ['Content-Type', 'Cache-Control', 'X-Content-Type-Options', 'X-Frame-Options']) headers[name] = answer.headers.get(name) ?? '';
  const pathAndQuery = filtered.slice(server.url.length);
  const body = Buffer.from(await answer.arrayBuffer());
  const answersFile = path.join(f.dir, 'bare-answers.json');
  writeFileSync(answersFile, JSON.stringify({ [pathAndQuery]: { headers, body: body.toString('base64') } }));
  bare = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-app.ts', answersFile], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const bareUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: bare!.stdout! }).once('line', resolve);
    bare!.once('exit', (code) => reject(new Error(`bench/bare-app.ts exited with ${code}`)));
  });
  // Each floor warmed up first, as the server was by the unfiltered run: else its first second
  // of compiling sets its p99.
  await cannon(bareUrl + pathAndQuery, 2);
  const bareList = await cannon(bareUrl + pathAndQuery, seconds);
  // The floor with the duties every call has (bench/duties-app.ts: the query parsed, the call
  // found in one Map, an access line through the same pino destination): what a server doing
  // those, and nothing of its own, reaches on this machine.
  duties = spawn(process.execPath, ['--import', 'tsx', 'bench/duties-app.ts', answersFile, path.join(f.dir, 'duties.log')], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dutiesUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: duties!.stdout! }).once('line', resolve);
    duties!.once('exit', (code) => reject(new Error(`bench/duties-app.ts exited with ${code}`)));
  });
  await cannon(dutiesUrl + pathAndQuery, 2);
  const dutiesList = await cannon(dutiesUrl + pathAndQuery, seconds);
  // The server once more, after the floors: the spread between its two runs is the machine's.
  const tagListAgain = await cannon(filtered, seconds);
  const row = (name: string, c: Cannon) =>
    `| ${name} | ${Math.round(c.requests.average).toLocaleString('en')} | ${c.latency.p50} ms | ${c.latency.p99} ms | ${c.non2xx + c.errors} |`;
  console.log(
    `\nserver process (access log on), quiet after ${settled.toFixed(0)} s; Photo.list, ${items} photos, ${check.data.total} tagged, 50 connections, ${seconds} s each:\n` +
      `| request | req/s | p50 | p99 | errors |\n|---|---|---|---|---|\n` +
      `${row('`Photo.list` limit 100 (baseline)', plain)}\n${row('`Photo.list filter_tag` limit 100', tagList)}\n` +
      `${row(`bare Koa app answering the filtered list's ${(body.length / 1024).toFixed(0)} KiB (floor)`, bareList)}\n` +
      `${row('the same with the duties of every call: query parsed, call found, access line (floor with duties)', dutiesList)}\n` +
      `${row('`Photo.list filter_tag` limit 100, again after the floors', tagListAgain)}`,
  );

  // One desc_tag call over `tagged` photos, with the server's event loop watched meanwhile.
  const idList = ids.map((r) => itemId('Big', r.name, 'photo')).join(',');
  server.loopStart();
  const apiStart = performance.now();
  const res = await fetch(entry, {
    method: 'POST',
    body: new URLSearchParams({ api: 'SYNO.PhotoStation.PhotoTag', method: 'desc_tag', version: '1', id: idList, tag_id: apiTag, _sid: sid }),
  });
  const done = (await res.json()) as { success: boolean };
  const apiMs = performance.now() - apiStart;
  const loop = await server.loopStop();
  if (!done.success) throw new Error(`desc_tag: ${JSON.stringify(done).slice(0, 300)}`);
  const after = (await (await fetch(`${base}&limit=1&filter_tag=${apiTag}`)).json()) as { data: { total: number } };
  if (after.data.total !== ids.length) throw new Error(`desc_tag linked ${after.data.total} of ${ids.length}`);
  console.log(
    `\nPhotoTag.desc_tag of ${ids.length} photos in one call: ${apiMs.toFixed(0)} ms (request body ${(idList.length / 1024).toFixed(0)} KiB), ` +
      `raw inserts in one transaction ${rawMs.toFixed(0)} ms: ${(apiMs / rawMs).toFixed(2)}x; raw inserts with the feed events ${fedMs.toFixed(0)} ms: ${(apiMs / fedMs).toFixed(2)}x; all its duties (ids decoded, rows found, links, feed events) ${dutyMs.toFixed(0)} ms: ${(apiMs / dutyMs).toFixed(2)}x; server event loop max ${loop.max.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms` +
      `${loop.stalls.map((x) => `\n  stall of ${x.ms} ms at ${x.at} ms: main thread ran ${x.cpuMs} ms, waited for a CPU ${x.waitMs} ms, collection ${x.gcMs} ms`).join('')}` +
      `\nload average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
} finally {
  bare?.kill();
  duties?.kill();
  await server?.stop();
  if (!stopped) await f.stop(true);
  rmSync(f.dir, { recursive: true, force: true });
}
