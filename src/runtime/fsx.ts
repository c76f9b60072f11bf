/**
 * The project's own writing file-system calls (units, uploads, the trash, the thumbnail cache)
 * go through here, so that a test can make one of them fail the way a failing disk does (SPEC
 * §20): the Nth rename, copy, write, fsync, unlink, mkdir or rmdir answers ENOSPC, EIO, EACCES
 * or EROFS. Reads are not wrapped: a fault there changes nothing on disk.
 *
 * Switched off (the default) each wrapper costs one comparison before the real call (measured
 * in docs/reliability.md, "File-system faults"). Switched on by `PHOTOSTATION_FAULT` entries
 * that start with `fs:` (read at load, so a worker thread, which gets a copy of the
 * environment, obeys the same rules), by `setFsFaults` in a test, or over the IPC channel of a
 * server started by a parent process (`answerFaultControl`).
 *
 * Syntax of one entry (several are separated by commas, with other PHOTOSTATION_FAULT entries):
 *   fs:<op>:<N>[:<errno>[:<times>]]
 * op: rename | copy | write | fsync | unlink | mkdir | rmdir | link | any; N: the Nth call of
 * that kind from now fails (1 = the next); errno: ENOSPC (default), EIO, EACCES or EROFS;
 * times: how many calls fail from the Nth on (default 1; 0 = every one after it, a disk that
 * stays full).
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { MakeDirectoryOptions, Mode, PathLike, RmOptions } from 'node:fs';

export const FS_OPS = ['rename', 'copy', 'write', 'fsync', 'unlink', 'mkdir', 'rmdir', 'link', 'any'] as const;
export type FsOp = (typeof FS_OPS)[number];
export const FS_ERRNOS = ['ENOSPC', 'EIO', 'EACCES', 'EROFS'] as const;
export type FsErrno = (typeof FS_ERRNOS)[number];

const ERRNO: Record<FsErrno, number> = { ENOSPC: -28, EIO: -5, EACCES: -13, EROFS: -30 };

interface Rule {
  op: FsOp;
  at: number;
  times: number;
  code: FsErrno;
}

/**
 * The armed rules as one thread hands them to another (`fsFaultShare`, `adoptFsFaults`): the
 * engine's disk thread renames and flushes for the main thread, and "the Nth rename" counts the
 * calls of both. `counts[i]` is how many calls rule i has seen, the last slot how many faults
 * were injected; the memory is shared, so both threads count in it (Atomics).
 */
export interface FsFaultShare {
  spec: string;
  counts: Int32Array;
  /**
   * The arming thread's generation word and the value it had when these rules were armed: rules
   * set or cleared since (a fault run disarms while a batch is still queued on another thread)
   * no longer apply there, as they no longer apply here.
   */
  generation: Int32Array;
  at: number;
}

/** Bumped by every `setFsFaults` of this thread; shared with the threads that adopt its rules. */
const generation = new Int32Array(new SharedArrayBuffer(4));

/** Undefined while off: the only thing a wrapper looks at then. */
let rules: Rule[] | undefined;
let armed: FsFaultShare | undefined;

/** Parses the `fs:` entries of a PHOTOSTATION_FAULT value (other entries are ignored); throws on a malformed one. */
export function parseFsFaults(spec: string | undefined): Rule[] {
  const out: Rule[] = [];
  for (const entry of (spec ?? '').split(',')) {
    if (!entry.startsWith('fs:')) continue;
    const [, op, n, code = 'ENOSPC', times = '1'] = entry.split(':');
    if (!(FS_OPS as readonly string[]).includes(op ?? '')) throw new Error(`Expected the fs fault kind to be one of ${FS_OPS.join(', ')}, got \`${entry}\``);
    const at = Number(n);
    if (!Number.isInteger(at) || at < 1) throw new Error(`Expected the fs fault count to be a positive integer, got \`${entry}\``);
    if (!(FS_ERRNOS as readonly string[]).includes(code)) throw new Error(`Expected the fs fault errno to be one of ${FS_ERRNOS.join(', ')}, got \`${entry}\``);
    const t = Number(times);
    if (!Number.isInteger(t) || t < 0) throw new Error(`Expected the fs fault repeat to be a non-negative integer, got \`${entry}\``);
    out.push({ op: op as FsOp, at, times: t, code: code as FsErrno });
  }
  return out;
}

/** Replaces the rules (undefined or no `fs:` entry: off); answers how many faults the previous ones injected. */
export function setFsFaults(spec: string | undefined): number {
  const parsed = parseFsFaults(spec);
  const was = fsFaultsInjected();
  const at = Atomics.add(generation, 0, 1) + 1;
  rules = parsed.length > 0 ? parsed : undefined;
  armed = rules && { spec: spec as string, counts: new Int32Array(new SharedArrayBuffer(4 * (parsed.length + 1))), generation, at };
  return was;
}

/** Faults injected since the rules were last set (by any thread that adopted them). */
export function fsFaultsInjected(): number {
  return armed ? Atomics.load(armed.counts, armed.counts.length - 1) : 0;
}

/** The rules armed now, with their shared counts, for another thread to `adopt` (undefined: off). */
export function fsFaultShare(): FsFaultShare | undefined {
  return armed;
}

/** Takes on the rules (and counts) another thread armed: both then count the same calls. */
export function adoptFsFaults(share: FsFaultShare | undefined): void {
  rules = share && parseFsFaults(share.spec);
  armed = share;
}

function fault(op: FsOp, p: PathLike | number, code: FsErrno): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault, ${op} '${String(p)}'`), { code, errno: ERRNO[code], syscall: op, path: String(p) });
}

/** Throws the injected error when a rule says this call fails. */
function check(op: FsOp, p: PathLike | number): void {
  if (rules === undefined || armed === undefined) return;
  const { counts } = armed;
  if (Atomics.load(armed.generation, 0) !== armed.at) return;
  for (const [i, r] of rules.entries()) {
    if (r.op !== op && r.op !== 'any') continue;
    const seen = Atomics.add(counts, i, 1) + 1;
    if (seen >= r.at && (r.times === 0 || seen < r.at + r.times)) {
      Atomics.add(counts, counts.length - 1, 1);
      throw fault(op, p, r.code);
    }
  }
}

setFsFaults(process.env.PHOTOSTATION_FAULT);

// Asynchronous: a rejected promise, as the real call's would be. Not an async function: while
// off, the wrapper adds one comparison and no promise of its own.
const wrap =
  <A extends unknown[], R>(op: FsOp, real: (...args: A) => Promise<R>) =>
  (...args: A): Promise<R> => {
    if (rules !== undefined) {
      try {
        check(op, args[0] as PathLike);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return real(...args);
  };
const wrapSync =
  <A extends unknown[], R>(op: FsOp, real: (...args: A) => R) =>
  (...args: A): R => {
    if (rules !== undefined) check(op, args[0] as PathLike);
    return real(...args);
  };

export const rename = wrap('rename', fsp.rename);
export const copyFile = wrap('copy', fsp.copyFile);
export const cp = wrap('copy', fsp.cp);
export const writeFile = wrap('write', fsp.writeFile);
export const unlink = wrap('unlink', fsp.unlink);
export const rm = wrap('unlink', fsp.rm) as (p: PathLike, o?: RmOptions) => Promise<void>;
export const mkdir = wrap('mkdir', fsp.mkdir) as (p: PathLike, o?: (MakeDirectoryOptions & { recursive?: boolean }) | Mode) => Promise<string | undefined>;
export const rmdir = wrap('rmdir', fsp.rmdir);
export const link = wrap('link', fsp.link);
export const renameSync = wrapSync('rename', fs.renameSync);
export const cpSync = wrapSync('copy', fs.cpSync);
export const rmSync = wrapSync('unlink', fs.rmSync);

/** Never through a link in the last component, never waiting on a FIFO swapped in. */
const FLUSH_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/**
 * Flushes a file's bytes (or a directory's entries) to the disk: what a power cut may otherwise
 * lose although the call that wrote them succeeded. A directory is opened read-only, which
 * Linux allows fsync on.
 */
export async function fsyncPath(p: string): Promise<void> {
  if (rules !== undefined) check('fsync', p);
  const h = await fsp.open(p, FLUSH_FLAGS);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/**
 * Flushes the index's write-ahead log (`<db>-wal`), what SQLite's `synchronous = NORMAL` leaves
 * to us: once this ends, every transaction committed before it survives a power cut. No log (a
 * checkpoint removed it, or nothing was written yet): nothing to flush.
 */
export async function flushIndexLog(dbPath: string): Promise<void> {
  try {
    await fsyncPath(`${dbPath}-wal`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** fsyncPath, synchronous (a worker thread's or start-up's). */
export function fsyncPathSync(p: string): void {
  if (rules !== undefined) check('fsync', p);
  const fd = fs.openSync(p, FLUSH_FLAGS);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The `fs` option of `createWriteStream` (Node calls open, write, writev and close through it):
 * undefined while off, so the stream uses Node's own calls.
 */
export function streamFs(): { fs: Pick<typeof fs, 'open' | 'write' | 'writev' | 'close'> } | undefined {
  if (rules === undefined) return undefined;
  const guard = <F extends (...args: never[]) => void>(op: FsOp, real: F): F =>
    ((...args: unknown[]) => {
      const cb = args[args.length - 1] as (err: Error | null) => void;
      try {
        check(op, args[0] as PathLike);
      } catch (err) {
        process.nextTick(cb, err);
        return;
      }
      (real as unknown as (...a: unknown[]) => void)(...args);
    }) as unknown as F;
  return { fs: { open: guard('write', fs.open), write: guard('write', fs.write), writev: guard('write', fs.writev), close: fs.close } };
}

/**
 * Lets the process that started this server arm faults while it runs (`{ fsFault: spec }`,
 * answered `{ fsFault: { injected } }` with the count of the rules it replaced), over the IPC
 * channel Node opens for a child spawned with one. Only when PHOTOSTATION_FAULT says `fs-ipc`:
 * a server that was not asked to has no such switch, and an HTTP client can never reach it.
 */
export function answerFaultControl(): void {
  if (!process.send || !(process.env.PHOTOSTATION_FAULT ?? '').split(',').includes('fs-ipc')) return;
  process.on('message', (m: { fsFault?: string | null }) => {
    if (m === null || typeof m !== 'object' || !('fsFault' in m)) return;
    let reply: { injected: number } | { error: string };
    try {
      reply = { injected: setFsFaults(m.fsFault ?? undefined) };
    } catch (err) {
      reply = { error: (err as Error).message };
    }
    process.send?.({ fsFault: reply });
  });
}
