import type { Config } from './config.ts';
import type { Db } from './db/open.ts';
import type { AppTokens } from './auth/app-tokens.ts';
import type { LiveSessions } from './auth/live.ts';
import type { LoginThrottle } from './auth/throttle.ts';
import type { Sessions } from './auth/sessions.ts';
import type { User, Users } from './auth/users.ts';
import type { Changes } from './feed/changes.ts';
import type { Library } from './library/library.ts';
import type { Shares } from './library/shares.ts';
import type { TaskRunner } from './tasks/runner.ts';
import type { TaskStore } from './tasks/store.ts';
import type { Scanner } from './library/scan.ts';
import type { Ops } from './ops/ops.ts';
import type { Registry } from './webapi/registry.ts';
import type { Thumbnails } from './thumbs/thumbnails.ts';

/** Which library a call works in (SPEC §18): `-`, the shared one, or a user's personal library. */
export interface SpaceInfo {
  name: string;
  /** The personal library's owner (who administers it); undefined for the shared library. */
  owner: string | undefined;
}

/**
 * Everything a handler may use. The accounts, sessions, tokens and API table are built once per
 * app by `createApp`; the library and the engine parts on it (config with its photo root, db,
 * library, changes, tasks, scanner, ops, thumbs) are one space's (src/spaces/): dispatch hands a
 * call the services of the space it names.
 */
export interface Services {
  config: Config;
  db: Db;
  users: Users;
  sessions: Sessions;
  /** The sessions recently presented and their users, cached; what dispatch authenticates with. */
  live: LiveSessions;
  /** App tokens (SPEC §17): created, verified, renewed, listed and revoked here. */
  appTokens: AppTokens;
  throttle: LoginThrottle;
  registry: Registry;
  library: Library;
  changes: Changes;
  tasks: { store: TaskStore; runner: TaskRunner };
  /** Reconciles the index with the photo root; `await services.scanner.done` waits for running scans. */
  scanner: Scanner;
  /** Move, copy, delete, cancel and the trash (SPEC §10, §11). */
  ops: Ops;
  /** Thumbnails: the cache, on-demand and background generation (SPEC §14). */
  thumbs: Thumbnails;
  /** Shared albums and public links (SPEC §18). */
  shares: Shares;
  /** The space these library services belong to. */
  space: SpaceInfo;
  /** Every space of the server, opened on first use. */
  spaces: SpaceDirectory;
}

/**
 * The spaces as a call reaches them; src/spaces/spaces.ts implements it. Declared here rather
 * than imported: the module that builds a space's services cannot be one that services.ts names.
 */
export interface SpaceDirectory {
  /**
   * The services of space `name` (`-` or a user name), opening the space on first use; a
   * `DomainError('not-found')` when there is no such space or it is switched off. `caller`, when
   * given, is mirrored into a personal index before the call runs.
   */
  resolve(name: string, caller?: User | null): Services | Promise<Services>;
  /** The owner of a personal library, if `name` names one that may be served; else undefined. */
  owner(name: string): User | undefined;
  /** Whether the personal library `name` is in use: open, or its index or photo root on disk. */
  inUse(name: string): boolean;
  /** Records that the personal library `space` holds the public link `shareId`. */
  registerShare(shareId: string, space: string): void;
  /** The space whose index holds the public link `shareId`; undefined when none serves it. */
  shareSpace(shareId: string): string | undefined;
}

/** A file part of a multipart request, already streamed to a temporary file. */
export interface UploadedFile {
  /** Temporary path under the data folder; removed after the call unless the handler moved it. */
  tmpPath: string;
  filename: string;
  mimeType: string;
  size: number;
  /** The part exceeded the upload limit and was cut. */
  truncated: boolean;
}
