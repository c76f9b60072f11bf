/**
 * `npx tsx bench/million-reads.ts --items=1000000`: the reads of bench/million.ts again, on the
 * data folder a `--keep` run of it left (index included), so that a change to the read path can
 * be measured before and after at a million items without a new first scan. Starts the server
 * (a restart: the rescan), then Album.list deep in the big album, Photo.list filter_tag as the
 * administrator and as the user `viewer` (browse on the root), 50 connections each, with the
 * server's CPU per request and event loop. `--seconds=8`, `--dir=/tmp` as for bench/million.ts.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { albumId } from '../src/library/ids.ts';
import { cannon, ENTRY, indexed, loadavg, loopLine, mb, processCpuMs, residentBytes, secs, Server } from './million-server.ts';
import { BIG, DEST, bigSize } from './million-tree.ts';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ITEMS = Number(flag('items') ?? 10_000);
const SECONDS = Number(flag('seconds') ?? 8);
const dataDir = path.join(flag('dir') ?? os.tmpdir(), `ps-million-${ITEMS}`, 'data');
if (!existsSync(path.join(dataDir, 'photostation.db'))) throw new Error(`no index in ${dataDir}: run bench/million.ts --items=${ITEMS} --keep first`);

const server = new Server(dataDir, 'server-reads.log');
try {
  const listening = await server.listening();
  await indexed(dataDir, server, false);
  const login = async (user: string, password: string) =>
    ((await (await fetch(`${server.url}${ENTRY}?api=SYNO.PhotoStation.Auth&method=login&version=1&username=${user}&password=${password}`)).json()) as { data: { sid: string } })
      .data.sid;
  const sid = await login('admin', 'bench-pw');
  const viewerSid = await login('viewer', 'viewer-pw');
  const tags = await server.call(sid, 'SYNO.PhotoStation.Tag', 'list', { type: 'desc', offset: '0', limit: '-1' });
  const tagId = (tags.data.tags as { id: string; name: string }[]).find((t) => t.name === 'million')?.id;
  if (!tagId) throw new Error(`no tag "million": ${JSON.stringify(tags).slice(0, 300)}`);
  const bigPath = existsSync(path.join(dataDir, 'photo', DEST, BIG)) ? `${DEST}/${BIG}` : BIG;
  const big = bigSize(ITEMS);
  const urls = {
    list: `${server.url}${ENTRY}?api=SYNO.PhotoStation.Album&method=list&version=1&id=${albumId(bigPath)}&offset=${big - 100}&limit=100&_sid=${sid}`,
    tag: `${server.url}${ENTRY}?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=100&filter_tag=${tagId}&_sid=${sid}`,
    viewer: `${server.url}${ENTRY}?api=SYNO.PhotoStation.Photo&method=list&version=1&offset=0&limit=100&filter_tag=${tagId}&_sid=${viewerSid}`,
  };
  for (const [name, url] of Object.entries(urls)) {
    const t = performance.now();
    const r = (await (await fetch(url)).json()) as { success: boolean; data: { total: number; items: unknown[] } };
    if (!r.success || r.data.items.length !== 100) throw new Error(`${name}: ${JSON.stringify(r).slice(0, 300)}`);
    console.log(`${name}: total ${r.data.total}, first request ${(performance.now() - t).toFixed(0)} ms`);
  }
  console.log(`items ${ITEMS}; restart (rescan) listening after ${secs(listening)}; load average ${loadavg()}`);
  server.loopStart();
  for (const [name, url] of Object.entries(urls)) {
    const cpu0 = processCpuMs(server.child.pid!);
    const c = await cannon(url, SECONDS);
    const cpu = processCpuMs(server.child.pid!) - cpu0;
    console.log(
      `${name}: ${Math.round(c.requests.average)} req/s, p50 ${c.latency.p50} ms, p99 ${c.latency.p99} ms, errors ${c.errors + c.non2xx}, server CPU ${((cpu * 1000) / c.requests.total).toFixed(0)} µs/request; load average ${loadavg()}`,
    );
  }
  const loop = await server.loopStop();
  const mem = residentBytes(server.child.pid!);
  console.log(`event loop: ${loopLine(loop)}; RSS ${mb(mem.rss)} (peak ${mb(mem.peak)})`);
} finally {
  await server.stop();
}
