import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { checkAlbumPath } from './ids.ts';

/** A path under the photo root that may not be used: it crosses a symlink or leaves the root. */
export class UnsafePathError extends Error {}

/**
 * Maps relative library paths to the disk. Ids are already free of `..` and hidden segments
 * (ids.ts); this adds the other half of the guarantee: no component of the path may be a
 * symlink, so a link planted inside the photo root never leads a read, write, move or delete
 * outside it.
 */
export class Disk {
  readonly root: string;
  #realRoot: string | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of a relative library path (checked syntactically, not on disk). */
  abs(rel: string): string {
    checkAlbumPath(rel);
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  async realRoot(): Promise<string> {
    this.#realRoot ??= await realpath(this.root);
    return this.#realRoot;
  }

  /**
   * Absolute path of `rel` after checking that no existing component is a symlink and that the
   * deepest existing one resolves inside the root. Components that do not exist yet are allowed
   * (a destination about to be created).
   */
  async safe(rel: string): Promise<string> {
    const abs = this.abs(rel);
    if (rel === '') return abs;
    let current = this.root;
    for (const segment of rel.split('/')) {
      current = path.join(current, segment);
      let st;
      try {
        st = await lstat(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return abs;
        throw err;
      }
      if (st.isSymbolicLink()) throw new UnsafePathError(`A symlink is on the path: ${rel}`);
    }
    const real = await realpath(abs);
    const root = await this.realRoot();
    if (real !== root && !real.startsWith(root + path.sep)) throw new UnsafePathError(`Outside the photo root: ${rel}`);
    return abs;
  }
}
