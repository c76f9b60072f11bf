export type Action = 'mvcp' | 'delete';

type State = 'running' | 'cancelling' | 'finished';

/** Allowed state changes; anything else is ignored (a cancel after the end changes nothing). */
const NEXT: Readonly<Record<State, readonly State[]>> = Object.freeze({
  running: Object.freeze(['cancelling', 'finished'] as const),
  cancelling: Object.freeze(['finished'] as const),
  finished: Object.freeze([] as const),
});

interface Running {
  readonly key: string;
  readonly controller: AbortController;
  readonly startedAt: number;
  state: State;
}

export interface RunningView {
  key: string;
  state: State;
  startedAt: number;
}

/**
 * The `id` a client cancels with must equal the one it started with, character for character
 * (SPEC §10). A string is kept as sent; a list that arrived as bracket keys or JSON is keyed by
 * its JSON text, so the same ids in another order never match.
 */
export function idKey(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
}

/**
 * The operations running now, keyed exactly as clients cancel them: what the operation works on
 * (albums, items, the trash: one per API, though this module knows no API), action and the raw id
 * string. Cancelling aborts the operation's signal; it stops before its next unit.
 */
export class RunningOperations {
  readonly #running = new Map<string, Set<Running>>();

  static key(scope: string, action: Action, rawId: unknown): string {
    return `${scope}\n${action}\n${idKey(rawId)}`;
  }

  #move(op: Running, to: State): boolean {
    if (!NEXT[op.state].includes(to)) return false;
    op.state = to;
    return true;
  }

  /** Runs `work` registered under `key`; answers its result and whether it was cancelled. */
  async run<T>(key: string, work: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; cancelled: boolean }> {
    const op: Running = { key, controller: new AbortController(), startedAt: Date.now(), state: 'running' };
    let set = this.#running.get(key);
    if (!set) this.#running.set(key, (set = new Set()));
    set.add(op);
    try {
      const result = await work(op.controller.signal);
      return { result, cancelled: op.state === 'cancelling' };
    } finally {
      this.#move(op, 'finished');
      set.delete(op);
      if (set.size === 0 && this.#running.get(key) === set) this.#running.delete(key);
    }
  }

  /** Cancels every running operation under `key`; answers how many. Matching nothing is not an error. */
  cancel(key: string): number {
    let n = 0;
    for (const op of this.#running.get(key) ?? []) {
      if (this.#move(op, 'cancelling')) {
        op.controller.abort();
        n++;
      }
    }
    return n;
  }

  cancelAll(): void {
    for (const key of [...this.#running.keys()]) this.cancel(key);
  }

  /** Copies, never the live records. */
  list(): RunningView[] {
    return [...this.#running.values()].flatMap((set) => [...set].map((op) => ({ key: op.key, state: op.state, startedAt: op.startedAt })));
  }
}
