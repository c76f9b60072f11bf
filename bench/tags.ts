/**
 * `npm run bench:tags`: the two tag figures of SPEC §15, each against a baseline in the same run.
 *
 * 1. `Photo.list filter_tag` over 100 000 photos of which 10 000 carry the tag, 50 connections
 *    (autocannon in a child process), against `Photo.list` without a filter on the same server.
 * 2. One `PhotoTag.desc_tag` call tagging 10 000 photos, against the raw floor: the same 10 000
 *    `INSERT`s in one better-sqlite3 transaction, no checks, and those inserts with the change-feed
 *    row per photo that Sync clients are owed; with the server's event-loop delay during the call.
 *
 * BENCH_ITEMS (default 100 000), BENCH_TAGGED (10 000) and BENCH_SECONDS (8) change the sizes.
 */
import { cannon } from './cannon.ts';
import type { Cannon } from './cannon.ts';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import { itemId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';

const items = Number(process.env.BENCH_ITEMS ?? 100_000);
const tagged = Number(process.env.BENCH_TAGGED ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

const f = await OpsFixture.start();
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

  // Part 1: the list filter. Every tenth photo carries the tag, spread over the whole album.
  const created = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: 'bench-list' });
  if (!created.success) throw new Error(`Tag.create: ${JSON.stringify(created)}`);
  const listTag = created.data.id as string;
  const listTagRow = Number(listTag.replace(/^tag_/, ''));
  const link = f.lib.db.prepare('INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)');
  const step = Math.max(1, Math.floor(items / tagged));
  f.lib.db.transaction(() => {
    for (let i = 0; i < rows.length; i += step) link.run(rows[i]!.id, listTagRow);
  })();
  const base = `${f.url}?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=100&_sid=${f.adminSid}`;
  const filtered = `${base}&filter_tag=${listTag}`;
  const check = (await (await fetch(filtered)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
  if (!check.success || check.data.total !== Math.ceil(rows.length / step) || check.data.items.length !== 100)
    throw new Error(`unexpected filtered list: ${JSON.stringify(check).slice(0, 300)}`);
  const plain = await cannon(base, seconds);
  const tagList = await cannon(filtered, seconds);
  const row = (name: string, c: Cannon) =>
    `| ${name} | ${Math.round(c.requests.average).toLocaleString('en')} | ${c.latency.p50} ms | ${c.latency.p99} ms | ${c.non2xx + c.errors} |`;
  console.log(
    `\nPhoto.list, ${items} photos, ${check.data.total} tagged, 50 connections, ${seconds} s each:\n| request | req/s | p50 | p99 | errors |\n|---|---|---|---|---|\n` +
      `${row('`Photo.list` limit 100 (baseline)', plain)}\n${row('`Photo.list filter_tag` limit 100', tagList)}`,
  );

  // Part 2: one desc_tag call over `tagged` photos, against the raw inserts.
  const ids = rows.slice(0, tagged);
  const raw = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: 'bench-raw' });
  const rawTag = Number((raw.data.id as string).replace(/^tag_/, ''));
  const rawStart = performance.now();
  f.lib.db.transaction(() => {
    for (const r of ids) link.run(r.id, rawTag);
  })();
  const rawMs = performance.now() - rawStart;
  // The same links plus the feed event per item that Sync clients need, both raw.
  const fed = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: 'bench-raw-fed' });
  const fedTag = Number((fed.data.id as string).replace(/^tag_/, ''));
  const event = f.lib.db.prepare("INSERT INTO changes (action, data_type, data_key, data, at) VALUES ('UPDATE', 'photo', ?, '{\"tags\":true}', ?)");
  const fedStart = performance.now();
  f.lib.db.transaction(() => {
    for (const r of ids) {
      link.run(r.id, fedTag);
      event.run(itemId('Big', r.name, 'photo'), Date.now());
    }
  })();
  const fedMs = performance.now() - fedStart;
  const api = await f.call('SYNO.PhotoStation.Tag', 'create', { type: 'desc', name: 'bench-api' });
  const apiTag = api.data.id as string;
  const idList = ids.map((r) => itemId('Big', r.name, 'photo')).join(',');
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const apiStart = performance.now();
  const done = await f.call('SYNO.PhotoStation.PhotoTag', 'desc_tag', { id: idList, tag_id: apiTag });
  const apiMs = performance.now() - apiStart;
  loop.disable();
  if (!done.success) throw new Error(`desc_tag: ${JSON.stringify(done).slice(0, 300)}`);
  const linked = f.lib.db
    .prepare('SELECT count(*) FROM item_tags WHERE tag_id = ?')
    .pluck()
    .get(Number(apiTag.replace(/^tag_/, ''))) as number;
  if (linked !== ids.length) throw new Error(`desc_tag linked ${linked} of ${ids.length}`);
  console.log(
    `\nPhotoTag.desc_tag of ${ids.length} photos in one call: ${apiMs.toFixed(0)} ms (request body ${(idList.length / 1024).toFixed(0)} KiB), ` +
      `raw inserts in one transaction ${rawMs.toFixed(0)} ms: ${(apiMs / rawMs).toFixed(2)}x; raw inserts with the feed events ${fedMs.toFixed(0)} ms: ${(apiMs / fedMs).toFixed(2)}x; event loop max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms` +
      `\nload average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
} finally {
  await f.stop();
}
