import path from 'node:path';
import { checkWaySync } from '../library/disk.ts';
import { parentPath } from '../library/ids.ts';
import { UNITS } from './units/index.ts';
import { moveAcross } from './fsmove.ts';
import { tmpName } from './unit.ts';
import type { Unit } from './unit.ts';

/**
 * The disk half of each unit (declared per kind in ops/units/<kind>.ts). Every step ends with one
 * rename(2) that makes it visible, so the disk is always either before or after the unit (plus
 * at most a hidden temporary file).
 * Paths here were decoded from ids or built from decoded names, so they stay under the root;
 * each step first checks that no folder on the way is a symlink (a sub-album swapped for a link
 * after the operation was planned would otherwise lead a rename or a copy outside the root).
 */
export class DiskSteps {
  readonly #root: string;
  readonly #trash: string;

  constructor(photoRoot: string, trashDir: string) {
    this.#root = photoRoot;
    this.#trash = trashDir;
  }

  abs(rel: string): string {
    return rel === '' ? this.#root : path.join(this.#root, ...rel.split('/'));
  }

  trashAbs(stored: string): string {
    return path.join(this.#trash, stored);
  }

  tmpAbs(u: Unit, journalId: number): string {
    return path.join(this.abs(parentPath(u.dst)), tmpName(journalId));
  }

  /**
   * An overwrite: the file at `u.dst` goes to the trash, then `put` brings the new one. When
   * `put` fails the old file is put back, so a failed unit leaves the disk as it was (its intent
   * is dropped with it, and nothing would otherwise name the displaced file).
   */
  async replace(u: Unit, put: () => Promise<void>): Promise<void> {
    const old = this.trashAbs(u.trash as string);
    await moveAcross(this.abs(u.dst), old);
    try {
      await put();
    } catch (err) {
      await moveAcross(old, this.abs(u.dst)).catch(() => {});
      throw err;
    }
  }

  /** Runs the unit's disk step; answers whether it went to the trash (`album-drop`). */
  async run(u: Unit, journalId: number): Promise<boolean> {
    const spec = UNITS[u.kind];
    for (const p of spec.rootPaths(u)) checkWaySync(this.#root, p);
    return spec.disk(this, u, journalId);
  }
}
