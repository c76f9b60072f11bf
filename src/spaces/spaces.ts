import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { User } from '../auth/users.ts';
import type { Config } from '../config.ts';
import { Checkpoints } from '../db/checkpoints.ts';
import { openDatabase } from '../db/open.ts';
import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';
import { within } from '../library/covers.ts';
import { Library } from '../library/library.ts';
import { Engine } from '../ops/engine.ts';
import type { Users } from '../auth/users.ts';
import type { Services, SpaceDirectory } from '../services.ts';
import { AccountsCopy } from './accounts-copy.ts';
import { ShareDirectory } from './share-directory.ts';
import { startSpace } from './start.ts';
import type { AccountServices, StartedSpace } from './start.ts';

/** The shared library's name as a space (SPEC §17, §18); every other space is named by its owner. */
export const SHARED_SPACE = '-';

interface OpenSpace extends StartedSpace {
  db: Db;
  /** Mirrors an account into this index, whose rights, tasks and grants name users by id. */
  mirror(user: User): void;
  /** The shared index's `accounts_version` this index's copy of the accounts was made at. */
  copied: number;
}

/**
 * The spaces of this server (SPEC §18): the shared library, open from the start, and each user's
 * personal library, opened on first use with its own index beside its own photo root. Each space
 * is one `Services` object built by `startSpace` from the same classes; the accounts, sessions,
 * tokens and API table are shared by all. A personal index keeps copies of the accounts it names
 * (`mirror`), because its rights and tasks refer to users by id under foreign keys.
 */
export class Spaces implements SpaceDirectory {
  readonly #config: Config;
  #accounts!: AccountServices;
  #shared: Services | undefined;
  #accountsCopy: AccountsCopy | undefined;
  #shareDirectory: ShareDirectory | undefined;
  /** By lower-cased owner name: user names are case-insensitive (users.username COLLATE NOCASE). */
  readonly #open = new Map<string, OpenSpace | Promise<OpenSpace>>();
  #closed = false;

  readonly #users: Users;

  constructor(config: Config, users: Users) {
    this.#config = config;
    this.#users = users;
    // A personal library inside the shared one (or around it) would show one set of files in two indexes.
    const shared = path.resolve(config.photoRoot);
    const sample = this.configFor('user').photoRoot;
    const home = path.dirname(sample);
    if (config.personalLibraries && (within(shared, sample) || within(sample, shared) || within(home, shared))) {
      throw new Error(`Expected personal libraries (${config.homeRoot}) outside the shared photo root (${config.photoRoot}) and apart from it`);
    }
  }

  /**
   * Opens, before the first request, every personal library whose journal holds a unit that
   * crossed spaces, or whose index holds a task not finished: its recovery (which runs when it
   * opens) then finishes or undoes the unit now, and its runner resumes the task now, not
   * whenever the library is next used.
   */
  async recoverPending(): Promise<void> {
    if (!this.#config.personalLibraries) return;
    for (const user of this.#users.list()) {
      const dbPath = this.configFor(user.username).dbPath;
      if (!existsSync(dbPath) || !this.owner(user.username)) continue;
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      let pending = 0;
      try {
        pending = db.prepare("SELECT count(*) FROM journal WHERE kind IN ('space-move', 'space-copy', 'space-album-move')").pluck().get() as number;
        pending += db.prepare("SELECT count(*) FROM tasks WHERE status IN ('queued', 'processing')").pluck().get() as number;
      } catch {
        // An index from before migration 076 holds no crossing unit.
      } finally {
        db.close();
      }
      if (pending > 0) await this.resolve(user.username);
    }
  }

  /** Once the shared library is built (its services name this registry, so it comes after). */
  attach(accounts: AccountServices, shared: Services): void {
    this.#accounts = accounts;
    this.#shared = shared;
    this.#accountsCopy = new AccountsCopy(shared.db);
    this.#shareDirectory = new ShareDirectory(shared.db);
  }

  /** Records that the personal library `space` holds the public link `shareId` (src/spaces/share-directory.ts). */
  registerShare(shareId: string, space: string): void {
    if (!this.#shareDirectory) throw new Error('Expected the shared library to be open');
    this.#shareDirectory.register(shareId, space);
  }

  /**
   * The space whose index holds the public link `shareId` (SPEC §18): the shared library's own
   * links first, then the directory of personal ones; undefined when none holds it or its
   * library is not served. A visitor names only the share id: this is how it finds its library.
   */
  shareSpace(shareId: string): string | undefined {
    if (this.shared.shares.links.byShareId(shareId)) return SHARED_SPACE;
    const name = this.#shareDirectory?.spaceOf(shareId);
    return name === undefined ? undefined : this.owner(name)?.username;
  }

  get shared(): Services {
    if (!this.#shared) throw new Error('Expected the shared library to be open');
    return this.#shared;
  }

  /** The owner of a personal library, if `name` names one that may be served; else undefined. */
  owner(name: string): User | undefined {
    if (!this.#config.personalLibraries || name.startsWith('.')) return undefined;
    const user = this.#users.byName(name);
    return user && !user.disabled && user.personalLibrary ? user : undefined;
  }

  /**
   * Whether the personal library `name` is in use: open, or its index or its photo root already
   * on disk. Its own owner's `ps_username` on the shared paths reaches it only then (see
   * webapi/spaces.ts); its `/~<user>/` paths make it on first use.
   */
  inUse(name: string): boolean {
    const owner = this.owner(name);
    if (!owner) return false;
    if (this.#open.has(owner.username.toLowerCase())) return true;
    const config = this.configFor(owner.username);
    return existsSync(config.dbPath) || existsSync(config.photoRoot);
  }

  /** A personal library's configuration: its photo root from `homeRoot`, its index, trash and thumbnails in `<data>/home/<user>`. */
  configFor(username: string): Config {
    const base = this.#config;
    const home = path.join(base.dataDir, 'home', username);
    const photoRoot = base.homeRoot.includes('<user>') ? base.homeRoot.replaceAll('<user>', username) : path.join(base.homeRoot, username);
    return {
      ...base,
      photoRoot: path.resolve(photoRoot),
      dbPath: path.join(home, 'photostation.db'),
      trashDir: path.join(home, 'trash'),
      thumbDir: path.join(home, 'thumbs'),
      // Uploads are received before the call's space is known: they stay in the shared temporary folder.
      tmpDir: base.tmpDir,
      // Cross-space units find the other side by name; faults apply to the space that runs them.
      dataDir: home,
    };
  }

  /**
   * The services of space `name` (`-` or a user name), opening the space on first use; a
   * `DomainError('not-found')` when there is no such space or it is switched off. `caller`, when
   * given, is mirrored into a personal index before the call runs.
   */
  resolve(name: string, caller?: User | null): Services | Promise<Services> {
    if (name === SHARED_SPACE) return this.shared;
    const owner = this.owner(name);
    if (!owner) throw new DomainError('not-found', 'No such personal library');
    const key = owner.username.toLowerCase();
    const open = this.#open.get(key) ?? this.#start(key, owner);
    if (open instanceof Promise) return open.then((o) => this.#use(o, caller));
    return this.#use(open, caller);
  }

  #use(open: OpenSpace, caller: User | null | undefined): Services {
    // Grants there name accounts and groups of the shared index: its copy follows them first.
    const copy = this.#accountsCopy;
    if (copy && copy.current() !== open.copied) open.copied = copy.copyInto(open.db);
    if (caller) open.mirror(caller);
    return open.services;
  }

  #start(key: string, owner: User): Promise<OpenSpace> {
    if (this.#closed) throw new DomainError('failed', 'The server is closing');
    const config = this.configFor(owner.username);
    const opening = (async () => {
      mkdirSync(path.dirname(config.dbPath), { recursive: true });
      const db = openDatabase(config.dbPath);
      // As for the shared index: the write-ahead log is copied into the file on another thread.
      const checkpoints = new Checkpoints(db, config.dbPath);
      const mirror = mirrorInto(db);
      // The owner is named by the tasks and grants of their own library from the start, and every
      // account and group its grants may name is copied before recovery and the scan.
      mirror(owner);
      const copied = this.#accountsCopy?.copyInto(db) ?? -1;
      try {
        const started = await startSpace(this.#accounts, config, db, { name: owner.username, owner: owner.username }, this.lend);
        return {
          services: started.services,
          db,
          mirror,
          copied,
          async close() {
            await started.close();
            await checkpoints.close();
          },
        };
      } catch (err) {
        await checkpoints.close();
        db.close();
        throw err;
      }
    })();
    this.#open.set(key, opening);
    opening.then(
      (o) => this.#open.set(key, o),
      () => this.#open.delete(key),
    );
    return opening;
  }

  /**
   * The engine of space `name` for start-up recovery of a unit that crossed into it: the open
   * space's, else one on a connection of its own, closed on release (SQLite serialises the two
   * connections; nothing else holds a transaction across an await). Undefined when its owner is gone.
   */
  readonly lend = (name: string): { engine: Engine; release(): void } | undefined => {
    if (name === SHARED_SPACE) return this.#shared ? { engine: this.#shared.ops.engine, release: () => {} } : undefined;
    const owner = this.#users.byName(name);
    if (!owner || owner.username.startsWith('.')) return undefined;
    const open = this.#open.get(owner.username.toLowerCase());
    if (open && !(open instanceof Promise)) return { engine: open.services.ops.engine, release: () => {} };
    const config = this.configFor(owner.username);
    mkdirSync(path.dirname(config.dbPath), { recursive: true });
    mkdirSync(config.photoRoot, { recursive: true });
    const db = openDatabase(config.dbPath);
    mirrorInto(db)(owner);
    return { engine: new Engine(new Library(db, config)), release: () => db.close() };
  };

  /** Every personal library open now, by owner name (cross-space units, tests). */
  opened(): string[] {
    return [...this.#open.keys()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = await Promise.allSettled([...this.#open.values()]);
    for (const r of all) {
      if (r.status !== 'fulfilled') continue;
      await r.value.close();
      r.value.db.close();
    }
    this.#open.clear();
  }
}

/**
 * Copies accounts into a personal index. A row whose id or name now belongs to another account
 * (an account deleted, its id reused) is dropped first, and its grants with it (ON DELETE CASCADE).
 */
function mirrorInto(db: Db): (user: User) => void {
  const seen = new Set<string>();
  const stale = db.prepare<[number, string, string, number]>('DELETE FROM users WHERE (id = ? AND username <> ?) OR (username = ? AND id <> ?)');
  const insert = db.prepare<[number, string, number]>("INSERT OR IGNORE INTO users (id, username, password, is_admin, created_at) VALUES (?, ?, '!', 0, ?)");
  return (user) => {
    const key = `${user.id}\0${user.username}`;
    if (seen.has(key)) return;
    db.transaction(() => {
      stale.run(user.id, user.username, user.username, user.id);
      insert.run(user.id, user.username, user.createdAt);
    })();
    seen.add(key);
  };
}
