import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPath } from '../../src/library/ids.ts';
import { kindOf } from '../../src/library/media.ts';
import type { ItemKind } from '../../src/library/media.ts';
import { diskLibrary } from '../../test/helpers/library-check.ts';
import type { Rng } from '../fuzz/prng.ts';

export interface DiskItem {
  path: string;
  album: string;
  name: string;
  kind: ItemKind;
  hash: string;
}

/** The photo root as the operations are drawn from it: albums (root excluded) and items with their content hash. */
export interface Library {
  albums: string[];
  items: DiskItem[];
}

/**
 * A fresh library: `albums` top albums of `files` files each, a fifth of each album in a
 * sub-album named `s` (the same name in every album, so album moves with `overwrite` merge),
 * file names shared across albums (so item moves and copies meet clashes). Every file's content
 * is distinct.
 */
export function writeFixture(photoRoot: string, rng: Rng, generation: number, albums = 5, files = 40): void {
  for (let a = 0; a < albums; a++) {
    for (let i = 0; i < files; i++) {
      const folder = i % 5 === 4 ? `A${a}/s` : `A${a}`;
      mkdirSync(path.join(photoRoot, folder), { recursive: true });
      const ext = i % 10 === 9 ? 'mp4' : 'jpg';
      writeFileSync(path.join(photoRoot, folder, `p${i}.${ext}`), `crash fixture ${generation} ${a}/${i} ${rng.hex(16)}\n`);
    }
  }
}

export function readLibrary(photoRoot: string): Library {
  const disk = diskLibrary(photoRoot);
  const items: DiskItem[] = [];
  for (const p of [...disk.items].sort()) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    items.push({
      path: p,
      album: parentPath(p),
      name,
      kind: kindOf(name) as ItemKind,
      hash: createHash('sha256')
        .update(readFileSync(path.join(photoRoot, p)))
        .digest('hex'),
    });
  }
  return { albums: [...disk.albums].filter((a) => a !== '').sort(), items };
}
