import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { OpsFixture } from './ops-fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** A JPEG whose EXIF title is `Eiffel fixture`: if it ever reaches the index, the title shows it. */
export const EXIF_JPEG = path.join(here, '..', 'fixtures', 'exif.jpg');

/**
 * Every entry under `dir`, without following links: `path type hash-or-target`, sorted. Equal
 * before and after a request means nothing there was written, moved, renamed or deleted.
 */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel === '' ? name : `${rel}/${name}`;
      const abs = path.join(dir, r);
      const st = lstatSync(abs);
      if (st.isSymbolicLink()) out.push(`${r} link ${readlinkSync(abs)}`);
      else if (st.isDirectory()) {
        out.push(`${r} dir`);
        walk(r);
      } else out.push(`${r} file ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  walk('');
  return out;
}

/** sha256 of every regular file under `dir` (links are not followed, so not read). */
export function fileHashes(dir: string): Set<string> {
  return new Set(
    snapshot(dir)
      .filter((l) => l.includes(' file '))
      .map((l) => l.slice(l.lastIndexOf(' ') + 1)),
  );
}

/**
 * A sandbox outside the photo root that links inside the root point to. Its files have unique
 * contents, so a copy of one anywhere under the root is recognised by its hash.
 *
 *   outside.jpg              target of photo/A/evil.jpg
 *   outside-dir/o1.jpg       target of photo/Evil and photo/A/link
 *   outside-dir/B/o2.jpg
 *   twin/...                 a folder with the names of an indexed album (swapped in after the scan)
 */
export class Outside {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ps-outside-'));

  constructor() {
    copyFileSync(EXIF_JPEG, path.join(this.dir, 'outside.jpg'));
    mkdirSync(path.join(this.dir, 'outside-dir', 'B'), { recursive: true });
    writeFileSync(path.join(this.dir, 'outside-dir', 'o1.jpg'), `o1 ${this.dir}`);
    writeFileSync(path.join(this.dir, 'outside-dir', 'B', 'o2.jpg'), `o2 ${this.dir}`);
    // The twin of photo/T: same names as the indexed album, plus one only it has.
    mkdirSync(path.join(this.dir, 'twin', 'Inner'), { recursive: true });
    copyFileSync(EXIF_JPEG, path.join(this.dir, 'twin', 't.jpg'));
    writeFileSync(path.join(this.dir, 'twin', 'Inner', 'i.jpg'), `twin i ${this.dir}`);
    writeFileSync(path.join(this.dir, 'twin', 'twin-only.jpg'), `twin-only ${this.dir}`);
  }

  p(rel: string): string {
    return path.join(this.dir, rel);
  }

  snapshot(): string[] {
    return snapshot(this.dir);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A server whose photo root holds, besides real albums, links that lead out of it:
 *
 *   A/a.jpg, A/f.jpg          indexed
 *   A/Sub/s.jpg               indexed
 *   A/evil.jpg -> outside.jpg (a link to a file)
 *   A/link -> ../../<sandbox>/outside-dir (relative; a link as a middle component)
 *   Evil -> outside-dir       (a link to a folder)
 *   T/t.jpg, T/Inner/i.jpg    indexed; `swapT()` replaces T by a link to the twin
 *   Dest/                     an empty album
 */
export class LinkedLibrary {
  readonly f: OpsFixture;
  readonly out: Outside;

  private constructor(f: OpsFixture, out: Outside) {
    this.f = f;
    this.out = out;
  }

  static async start(): Promise<LinkedLibrary> {
    const f = await OpsFixture.start();
    const lib = new LinkedLibrary(f, new Outside());
    lib.lay();
    return lib;
  }

  private lay(): void {
    const { f, out } = this;
    f.photo('A', 'a.jpg');
    f.photo('A', 'f.jpg');
    f.photo('A/Sub', 's.jpg');
    f.photo('T', 't.jpg');
    f.photo('T/Inner', 'i.jpg');
    f.album('Dest');
    symlinkSync(out.p('outside.jpg'), this.abs('A/evil.jpg'));
    symlinkSync(path.relative(this.abs('A'), out.p('outside-dir')), this.abs('A/link'));
    symlinkSync(out.p('outside-dir'), this.abs('Evil'));
  }

  abs(rel: string): string {
    return path.join(this.f.photoRoot, rel);
  }

  /** The time-of-check case: an indexed album folder becomes a link after the scan. */
  swap(rel: string, target: string): void {
    rmSync(this.abs(rel), { recursive: true, force: true });
    symlinkSync(target, this.abs(rel));
  }

  swapT(): void {
    this.swap('T', this.out.p('twin'));
  }

  /** Index paths of every album and item. */
  indexPaths(): string[] {
    const db = this.f.lib.db;
    const albums = db.prepare('SELECT path FROM albums').pluck().all() as string[];
    const items = db
      .prepare("SELECT CASE albums.path WHEN '' THEN items.name ELSE albums.path || '/' || items.name END FROM items JOIN albums ON albums.id = items.album_id")
      .pluck()
      .all() as string[];
    return [...albums, ...items].sort();
  }

  /** True when some regular file under the photo root or the trash has the contents of a file of the sandbox. */
  leakedIn(): string[] {
    const outside = fileHashes(this.out.dir);
    const inside = [...fileHashes(this.f.photoRoot), ...(existsSync(this.f.trashDir) ? fileHashes(this.f.trashDir) : [])];
    return inside.filter((h) => outside.has(h));
  }

  async stop(): Promise<void> {
    await this.f.stop();
    this.out.remove();
  }
}

export const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

/**
 * A fresh linked library for each test of the enclosing `describe`, and the check every symlink
 * test ends with: the sandbox outside the root is exactly as it was, and none of its files came
 * in. `swapT` replaces the indexed album T by a link first (the time-of-check case).
 */
export function eachLinkedLibrary(swapT: boolean): { current(): LinkedLibrary; rebase(): void } {
  let t: LinkedLibrary;
  let before: string[];
  beforeEach(async () => {
    t = await LinkedLibrary.start();
    if (swapT) t.swapT();
    before = t.out.snapshot();
  });
  afterEach(async () => {
    const after = t.out.snapshot();
    const leaked = t.leakedIn();
    await t.stop();
    expect(after).to.deep.equal(before);
    expect(leaked).to.deep.equal([]);
  });
  // `rebase` re-takes the baseline after a test adds to the sandbox itself.
  return { current: () => t, rebase: () => (before = t.out.snapshot()) };
}
