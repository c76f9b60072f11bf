import { mkdirSync } from 'node:fs';
import { configFromEnv } from '../config.ts';
import { Checkpoints } from '../db/checkpoints.ts';
import { openDatabase } from '../db/open.ts';
import { Library } from '../library/library.ts';
import { Scanner } from '../library/scan.ts';
import type { ScanProgress } from '../library/scan.ts';

/**
 * `npm run scan`: reconciles the index with the photo root (same data folder as `npm start`,
 * PHOTOSTATION_DATA / PHOTOSTATION_PHOTO_ROOT). Safe beside a stopped server; beside a running
 * one it works too (WAL), but a request moving files in the same moment may be seen half-way and
 * is then put right by the next scan.
 */
const config = configFromEnv();
for (const dir of [config.dataDir, config.photoRoot]) mkdirSync(dir, { recursive: true });
const db = openDatabase(config.dbPath);
const checkpoints = new Checkpoints(db, config.dbPath);
const scanner = new Scanner(new Library(db, config));
const tty = process.stdout.isTTY;
let last = 0;

function show(p: ScanProgress): void {
  const now = Date.now();
  if (now - last < 250) return;
  last = now;
  const line =
    p.phase === 'structure'
      ? `structure: ${p.albums.toLocaleString('en')} folders, ${p.files.toLocaleString('en')} files`
      : `metadata: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} files read`;
  process.stdout.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
}

process.on('SIGINT', () => void scanner.stop());
process.stdout.write(`Scanning ${config.photoRoot}\n`);
const report = await scanner.scan({ onProgress: show });
const s = report.structure;
process.stdout.write(
  `${tty ? '\r\x1b[K' : ''}${s.albums} folders, ${s.files} files in ${(s.ms / 1000).toFixed(1)} s: ` +
    `${s.added} added, ${s.changed} changed, ${s.removed} removed; ${s.albumsAdded} albums added, ${s.albumsRemoved} removed.\n` +
    `Metadata read for ${report.metadata.read} files in ${(report.metadata.ms / 1000).toFixed(1)} s.\n`,
);
await checkpoints.close();
db.close();
