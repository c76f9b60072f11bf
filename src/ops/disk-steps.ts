import path from 'node:path';
import { checkWaySync } from '../library/disk.ts';
import { parentPath } from '../library/ids.ts';
import { fsyncPath, fsyncPathSync } from '../runtime/fsx.ts';
import { UNITS } from './units/index.ts';
import { moveAcross } from './fsmove.ts';
import { tmpName } from './unit.ts';
import type { Unit } from './unit.ts';

/** Folders flushed at once at the end of a batch. */
const FLUSH_PARALLEL = 4;

/** Units whose disk step changes the trash folder's entries (besides an overwrite's displaced file). */
const TRASHING = new Set<Unit['kind']>(['item-trash', 'album-trash', 'album-drop', 'restore']);

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
  /** Whether writes are flushed (config.flush); off only for a benchmark's baseline. */
  readonly durable: boolean;
  /** Folders whose entries changed since the last `flush`. */
  readonly #dirty = new Set<string>();
  /** Folders (relative) found free of symlinks on their way in the current synchronous run (see #check). */
  readonly #clearWays = new Set<string>();

  constructor(photoRoot: string, trashDir: string, durable = true) {
    this.#root = photoRoot;
    this.#trash = trashDir;
    this.durable = durable;
  }

  /** Notes folders (absolute) whose entries a step changed, for the batch's `flush`. */
  touched(...dirs: string[]): void {
    if (this.durable) for (const d of dirs) this.#dirty.add(d);
  }

  /** Flushes a file a step wrote (its bytes) before it is renamed into place. */
  async flushFile(abs: string): Promise<void> {
    if (this.durable) await fsyncPath(abs);
  }

  /**
   * fsync of every folder touched since the last call, once each however many units of the
   * batch changed it: the renames, creations and removals survive a power cut once this ends.
   * A folder that cannot be flushed (gone since: a later unit moved it, which flushed its new
   * parent) is skipped; a folder that fails twice is thrown about, and the caller decides.
   */
  async flush(): Promise<void> {
    if (this.#dirty.size === 0) return;
    const dirs = [...this.#dirty];
    this.#dirty.clear();
    let next = 0;
    let failure: unknown;
    const worker = async () => {
      while (next < dirs.length) {
        const d = dirs[next++] as string;
        // Twice: one failed fsync of a folder (EIO) may be transient.
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            await fsyncPath(d);
            break;
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
            if (attempt === 1) failure ??= err;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(FLUSH_PARALLEL, dirs.length) }, worker));
    if (failure !== undefined) throw failure;
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
    const paths = this.#check(u);
    try {
      return await spec.disk(this, u, journalId);
    } finally {
      this.#touchedBy(u, paths);
    }
  }

  /** Whether the unit's step has synchronous calls (UnitSpec.diskSync): a plain one, no file displaced. */
  static synchronous(u: Pick<Unit, 'kind' | 'trash'>): boolean {
    return UNITS[u.kind].diskSync !== undefined && !u.trash;
  }

  /** The unit's step with synchronous calls when its kind has them (UnitSpec.diskSync); undefined otherwise, nothing done. */
  runSync(u: Unit): boolean | undefined {
    const spec = UNITS[u.kind];
    if (!spec.diskSync || !DiskSteps.synchronous(u)) return undefined;
    const paths = this.#check(u);
    try {
      return spec.diskSync(this, u);
    } finally {
      this.#touchedBy(u, paths);
    }
  }

  /**
   * No folder on the way to the unit's paths is a symlink (checkWaySync). A folder found clear is
   * not looked at again until the current synchronous run ends (a microtask clears the memo): the
   * plain moves of a batch run back to back in one slice (Engine.runBatch), and 5 000 items moved
   * out of one album into another paid 20 000 lstats of the same two folders (70 ms of a 1 s move).
   * Nothing of ours runs between, and the check was never atomic with the step: a folder swapped
   * for a link by another process between the check and the rename was, and is, the race left.
   */
  #check(u: Unit): string[] {
    const paths = UNITS[u.kind].rootPaths(u);
    for (const p of paths) {
      const dir = parentPath(p);
      if (this.#clearWays.has(dir)) continue;
      if (checkWaySync(this.#root, p) === 'missing') continue;
      if (this.#clearWays.size === 0) queueMicrotask(() => this.#clearWays.clear());
      this.#clearWays.add(dir);
    }
    return paths;
  }

  /** Also after a failure: a step that failed may have undone itself (put a displaced file back). */
  #touchedBy(u: Pick<Unit, 'kind' | 'trash'>, paths: string[]): void {
    if (!this.durable) return;
    for (const p of paths) this.#dirty.add(path.dirname(this.abs(p)));
    if (u.trash || TRASHING.has(u.kind)) this.#dirty.add(this.#trash);
  }

  /** Notes the folders a unit done elsewhere (another thread's step, found done on disk) changed, for the next `flush`. */
  touchedByUnit(u: Pick<Unit, 'kind' | 'src' | 'dst' | 'trash'>): void {
    this.#touchedBy(u, UNITS[u.kind].rootPaths(u));
  }

  /**
   * Start-up recovery: the folders a unit it finished or undid may have changed, flushed before
   * its commit (synchronous: nothing else runs yet). Failures are the caller's to log.
   */
  flushUnitSync(u: Pick<Unit, 'kind' | 'src' | 'dst' | 'trash'>): void {
    this.touchedByUnit(u);
    const dirs = [...this.#dirty];
    this.#dirty.clear();
    for (const d of dirs) {
      try {
        fsyncPathSync(d);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
}
