/**
 * `npx tsx scripts/zip64-check.ts [GiB]`: Download.getitem of an album holding one sparse file
 * past 4 GiB (default 4.5), read to the end over HTTP, and the archive's last 64 KiB checked for
 * ZIP64 records: the zip64 end of central directory, and the entry's real sizes in its zip64
 * extra field. Too slow for `npm test` (minutes); run by hand after touching send-zip.ts.
 */
import http from 'node:http';
import { truncateSync } from 'node:fs';
import path from 'node:path';
import { albumId } from '../src/library/ids.ts';
import { OpsFixture } from '../test/helpers/ops-fixture.ts';

const gib = Number(process.argv[2] ?? 4.5);
const size = Math.round(gib * 1024 ** 3);
const f = await OpsFixture.start();
try {
  f.photo('Huge', 'h.mp4');
  truncateSync(path.join(f.photoRoot, 'Huge/h.mp4'), size);
  const url = new URL(f.url);
  url.search = new URLSearchParams({ api: 'SYNO.PhotoStation.Download', version: '1', _sid: f.adminSid, method: 'getitem', id: albumId('Huge') }).toString();
  const started = performance.now();
  let total = 0;
  let tail = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.on('data', (c: Buffer) => {
          total += c.length;
          tail = Buffer.concat([tail, c]).subarray(-65536);
        });
        res.on('end', () => resolve());
      })
      .on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const zip64End = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
  const central = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const nameLength = tail.readUInt16LE(central + 28);
  const extraLength = tail.readUInt16LE(central + 30);
  const extra = tail.subarray(central + 46 + nameLength, central + 46 + nameLength + extraLength);
  const sizes: bigint[] = [];
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 1) for (let j = 0; j + 8 <= Math.min(length, 16); j += 8) sizes.push(extra.readBigUInt64LE(i + 4 + j));
    i += 4 + length;
  }
  const ok = zip64End >= 0 && sizes.length === 2 && sizes.every((s) => s === BigInt(size)) && total > size;
  process.stdout.write(
    `${total} bytes in ${seconds.toFixed(1)} s (${(total / 1024 ** 2 / seconds).toFixed(1)} MiB/s); zip64 end record ${zip64End >= 0 ? 'present' : 'MISSING'}; zip64 sizes ${sizes.join(', ')}; ${ok ? 'OK' : 'FAILED'}\n`,
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await f.stop();
}
