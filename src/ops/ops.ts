import type { User } from '../auth/users.ts';
import type { Library } from '../library/library.ts';
import { checkAlbumMove, moveAlbums } from './album-move.ts';
import type { Strategy } from './clash.ts';
import { checkAlbumDelete, checkItemDelete, deleteAlbums, deleteItems } from './delete.ts';
import { warmDiskThread } from './disk-thread.ts';
import { Engine } from './engine.ts';
import { checkCopy, copyItems } from './item-copy.ts';
import { recover } from './recovery.ts';
import { refused } from './results.ts';
import type { ItemResult, OperationAnswer } from './results.ts';
import { OperationRun } from './run.ts';
import { RunningOperations } from './running.ts';
import type { Action } from './running.ts';
import { pickEntries, restoreEntries, shapeEntry, visibleEntries } from './trash-ops.ts';
import type { TrashEntry } from './trash-ops.ts';

/** What an operation works on; with the action and the client's id it names the operation for a cancel. */
export type OpsScope = 'albums' | 'items' | 'trash';

/**
 * Long operations on the library (SPEC §10, §11): validation first, then units in batches under
 * the journal, registered so that a cancel with the same id string stops them.
 */
export class Ops {
  readonly engine: Engine;
  readonly running = new RunningOperations();
  #purgeTimer: NodeJS.Timeout | undefined;
  readonly #active = new Set<Promise<unknown>>();

  constructor(lib: Library) {
    this.engine = new Engine(lib);
  }

  /** Before serving: finish or undo interrupted units, purge expired trash, then purge on a timer. */
  async start(): Promise<void> {
    if (this.engine.lib.config.diskThread) warmDiskThread();
    recover(this.engine);
    await this.purgeExpired();
    const every = Math.max(1000, Math.min(this.engine.lib.config.trashRetentionMs, 3600_000));
    this.#purgeTimer = setInterval(
      () =>
        void this.purgeExpired().catch((err: unknown) => this.engine.lib.config.log({ level: 'error', msg: 'trash purge failed', stack: (err as Error)?.stack ?? String(err) })),
      every,
    );
    // Never keeps the process alive on its own.
    this.#purgeTimer.unref();
  }

  /** Cancels what runs and waits for it to stop at its next unit. */
  async close(): Promise<void> {
    if (this.#purgeTimer) clearInterval(this.#purgeTimer);
    this.running.cancelAll();
    await Promise.allSettled([...this.#active]);
  }

  async purgeExpired(): Promise<number> {
    const { config } = this.engine.lib;
    const rows = this.engine.trash.olderThan(config.now() - config.trashRetentionMs);
    if (rows.length > 0) await this.engine.exclusive(() => this.engine.trash.purge(rows));
    return rows.length;
  }

  async #run<T>(scope: OpsScope, action: Action, rawId: unknown, work: (run: OperationRun) => Promise<T>): Promise<{ result: T; cancelled: boolean }> {
    const p = this.running.run(RunningOperations.key(scope, action, rawId), (signal) => {
      const run = new OperationRun(this.engine, signal);
      return work(run).finally(() => run.settle());
    });
    this.#active.add(p);
    try {
      return await p;
    } finally {
      this.#active.delete(p);
    }
  }

  cancel(scope: OpsScope, action: Action, rawId: unknown): number {
    return this.running.cancel(RunningOperations.key(scope, action, rawId));
  }

  async albumMove(
    user: User,
    rawId: unknown,
    ids: string[] | undefined,
    sharepath: string | undefined,
    duplicate: string | undefined,
  ): Promise<OperationAnswer & { skip?: string[] }> {
    const plan = await checkAlbumMove(this.engine, user, ids, sharepath, duplicate);
    const { result, cancelled } = await this.#run('albums', 'mvcp', rawId, (run) => moveAlbums(run, plan));
    return answer(result.items, cancelled, result.skip.length > 0 ? { skip: result.skip } : {});
  }

  async photoCopy(user: User, rawId: unknown, ids: string[], sharepath: string, mode: 'copy' | 'move', duplicate: Strategy): Promise<OperationAnswer> {
    const plan = await checkCopy(this.engine, user, ids, sharepath, mode, duplicate);
    const { result, cancelled } = await this.#run('items', 'mvcp', rawId, (run) => copyItems(run, plan));
    return answer(result, cancelled);
  }

  async photoDelete(user: User, rawId: unknown, ids: string[]): Promise<OperationAnswer> {
    const { sources, gone } = await checkItemDelete(this.engine, user, ids);
    const { result, cancelled } = await this.#run('items', 'delete', rawId, (run) => deleteItems(run, sources));
    return answer([...result, ...gone.map((id) => refused(id, 'not-found'))], cancelled);
  }

  async albumDelete(user: User, rawId: unknown, ids: string[]): Promise<OperationAnswer> {
    const sources = await checkAlbumDelete(this.engine, user, ids);
    const { result, cancelled } = await this.#run('albums', 'delete', rawId, (run) => deleteAlbums(run, sources));
    return answer(result, cancelled);
  }

  trashList(user: User, offset: number, limit: number): { total: number; offset: number; items: TrashEntry[] } {
    const rows = visibleEntries(this.engine, user);
    const page = limit < 0 ? rows.slice(offset) : rows.slice(offset, offset + limit);
    return { total: rows.length, offset, items: page.map(shapeEntry) };
  }

  async trashRestore(user: User, rawId: unknown, ids: number[], duplicate: Strategy): Promise<OperationAnswer> {
    const rows = pickEntries(this.engine, user, ids);
    const { result, cancelled } = await this.#run('trash', 'mvcp', rawId, (run) => restoreEntries(run, rows, duplicate));
    return answer(result, cancelled);
  }

  async trashEmpty(user: User, ids: number[] | undefined): Promise<{ emptied: number }> {
    const rows = ids === undefined || ids.length === 0 ? visibleEntries(this.engine, user) : pickEntries(this.engine, user, ids);
    await this.engine.exclusive(() => this.engine.trash.purge(rows));
    return { emptied: rows.length };
  }
}

function answer<E extends object>(items: ItemResult[], cancelled: boolean, extra?: E): OperationAnswer & E {
  return { ...(extra as E), items, ...(cancelled ? { cancelled: true as const } : {}) };
}
