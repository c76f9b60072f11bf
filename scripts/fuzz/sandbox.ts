import { createHash } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hex } from './values.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures');

/** A string that exists only in the sentinel files: if an answer ever carries it, a read escaped the root. */
export const MARKER = 'SENTINEL-7f3a9c-OUTSIDE-THE-PHOTO-ROOT';

/**
 * The fuzz run's folders, siblings under one temporary base:
 * `photo/` (the photo root, with a few albums, items, hidden folders and two symlinks that point
 * outside), `data/` (index, trash, uploads) and `outside/` (the sentinel tree that traversal ids
 * such as hex('../outside') and the symlinks aim at). Everything but `photo/` and `data/` must be
 * byte-identical after the run.
 */
export class Sandbox {
  readonly base: string;
  readonly photoRoot: string;
  readonly dataDir: string;
  readonly outside: string;

  constructor() {
    this.base = mkdtempSync(path.join(tmpdir(), 'ps-fuzz-'));
    this.photoRoot = path.join(this.base, 'photo');
    this.dataDir = path.join(this.base, 'data');
    this.outside = path.join(this.base, 'outside');
    const jpeg = readFileSync(path.join(fixtures, 'exif.jpg'));
    mkdirSync(path.join(this.outside, 'sub'), { recursive: true });
    writeFileSync(path.join(this.outside, 'secret.jpg'), Buffer.concat([jpeg, Buffer.from(MARKER)]));
    writeFileSync(path.join(this.outside, 'secret.txt'), `${MARKER}\n`);
    writeFileSync(path.join(this.outside, 'sub', 'deep.jpg'), Buffer.concat([jpeg, Buffer.from(MARKER)]));
    for (const dir of ['A/B', 'Ünï cödé', 'C', '@eaDir', '.hidden']) mkdirSync(path.join(this.photoRoot, dir), { recursive: true });
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(this.photoRoot, 'A', 'a1.jpg'));
    copyFileSync(path.join(fixtures, 'plain.png'), path.join(this.photoRoot, 'A', 'B', 'b1.png'));
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(this.photoRoot, 'Ünï cödé', 'x.jpg'));
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(this.photoRoot, 'root.jpg'));
    writeFileSync(path.join(this.photoRoot, 'C', 'clip.mp4'), Buffer.alloc(64));
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(this.photoRoot, '@eaDir', 'thumb.jpg'));
    copyFileSync(path.join(fixtures, 'exif.jpg'), path.join(this.photoRoot, '.hidden', 'h.jpg'));
    symlinkSync(this.outside, path.join(this.photoRoot, 'link'));
    symlinkSync(path.join(this.outside, 'secret.jpg'), path.join(this.photoRoot, 'A', 'linkfile.jpg'));
  }

  /** Ids of what the sandbox holds (including the two symlinks, which must be refused). */
  validIds(): string[] {
    return [
      '',
      `album_${hex('A')}`,
      `album_${hex('A/B')}`,
      `album_${hex('Ünï cödé')}`,
      `album_${hex('C')}`,
      `album_${hex('link')}`,
      `album_${hex('link/sub')}`,
      `photo_${hex('A')}_${hex('a1.jpg')}`,
      `photo_${hex('A/B')}_${hex('b1.png')}`,
      `photo_${hex('Ünï cödé')}_${hex('x.jpg')}`,
      `photo_2f_${hex('root.jpg')}`,
      `video_${hex('C')}_${hex('clip.mp4')}`,
      `photo_${hex('A')}_${hex('linkfile.jpg')}`,
      `photo_${hex('link')}_${hex('secret.jpg')}`,
      `photo_${hex('link/sub')}_${hex('deep.jpg')}`,
    ];
  }

  /**
   * A digest of everything under the base except the photo root and the data folder: names,
   * types, modes, sizes, mtimes, contents and link targets. Any write, delete, rename or touch
   * outside the two allowed folders changes it.
   */
  outsideDigest(): string {
    const h = createHash('sha256');
    const walk = (dir: string, rel: string) => {
      for (const name of readdirSync(dir).sort()) {
        const abs = path.join(dir, name);
        const r = rel === '' ? name : `${rel}/${name}`;
        if (r === 'photo' || r === 'data') continue;
        const st = lstatSync(abs, { bigint: true });
        h.update(`${r}\0${st.mode}\0${st.size}\0${st.mtimeNs}\0`);
        if (st.isSymbolicLink()) h.update(`link:${readlinkSync(abs)}\0`);
        else if (st.isDirectory()) walk(abs, r);
        else h.update(readFileSync(abs));
      }
    };
    h.update(String(lstatSync(this.base, { bigint: true }).mtimeNs));
    walk(this.base, '');
    return h.digest('hex');
  }

  remove(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}
