import { SingleBar } from 'cli-progress';
import { mkdirSync } from 'node:fs';
import { configFromEnv } from '../config.ts';
import { Checkpoints } from '../db/checkpoints.ts';
import { openDatabase } from '../db/open.ts';
import { Library } from '../library/library.ts';
import { detectVideoTools } from '../thumbs/ffmpeg.ts';
import { Thumbnails } from '../thumbs/thumbnails.ts';

/**
 * `npm run thumbs`: makes every missing thumbnail (same data folder as `npm start`), with a
 * progress bar, then removes cache files nothing needs any more. Says at the end how many were
 * made, skipped (there already, or a video without ffmpeg) and undecodable. Beside a running
 * server it is safe: both write whole files under content-keyed names, renamed into place.
 */
const config = configFromEnv();
for (const dir of [config.dataDir, config.photoRoot]) mkdirSync(dir, { recursive: true });
const db = openDatabase(config.dbPath);
const checkpoints = new Checkpoints(db, config.dbPath);
const library = new Library(db, config);
const videos = await detectVideoTools(config.ffmpeg);
const thumbs = new Thumbnails(library, config);
process.stdout.write(`Thumbnails of ${config.photoRoot} into ${config.thumbDir}${videos ? '' : ' (no ffmpeg: videos skipped)'}\n`);

const bar = new SingleBar({
  format: ' {bar} {percentage}% | {value}/{total} items | made {made}, skipped {skipped}, undecodable {undecodable} | ETA {eta_formatted}',
  hideCursor: true,
  // Without a terminal (CI, a log file) a line every few seconds instead of redraws.
  noTTYOutput: true,
  notTTYSchedule: 5000,
});
let started = false;
process.on('SIGINT', () => void thumbs.close());
const t0 = performance.now();
const report = await thumbs.generateAll((p) => {
  if (!started) {
    bar.start(p.total, 0, { made: 0, skipped: 0, undecodable: 0 });
    started = true;
  }
  bar.update(p.made + p.skipped + p.undecodable + p.gone, { made: p.made, skipped: p.skipped, undecodable: p.undecodable });
});
if (started) bar.stop();
const seconds = (performance.now() - t0) / 1000;
const removed = await thumbs.collectGarbage();
process.stdout.write(
  `${report.made} made, ${report.skipped} skipped, ${report.undecodable} undecodable` +
    `${report.gone > 0 ? `, ${report.gone} files gone (run npm run scan)` : ''} in ${seconds.toFixed(1)} s; ` +
    `${removed} unused cache files removed.\n`,
);
await checkpoints.close();
db.close();
