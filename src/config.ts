import path from 'node:path';
import { logSink } from './log-sink.ts';

export type AlbumType = 'public' | 'private' | 'password';

export interface Config {
  /** Folder holding the photo root, the index, the trash and temporary uploads. */
  dataDir: string;
  photoRoot: string;
  dbPath: string;
  trashDir: string;
  tmpDir: string;
  host: string;
  port: number;
  /** Administrator password used only when the index has no users yet. */
  adminPassword: string | undefined;
  /** Limit for form and JSON bodies (docs/protocol.md §1: 16 MiB). */
  bodyLimit: number;
  /** Limit for one uploaded file (SPEC §19: PHOTOSTATION_UPLOAD_LIMIT, 20 GiB). */
  uploadLimit: number;
  /** Slow clients (SPEC §19, slowloris); `main.ts` sets them on its HTTP server (src/http-limits.ts). */
  http: HttpLimits;
  sessionIdleMs: number;
  rememberMeMs: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  /** Honour X-Forwarded-Proto / X-Forwarded-For from a reverse proxy. */
  trustProxy: boolean;
  /** Type given to albums that are created or found without one. */
  defaultAlbumType: AlbumType;
  trashRetentionMs: number;
  /** Background tasks queued or running at once; more are rejected (603). */
  taskQueueLimit: number;
  /** Upper bound of a long-poll (`Sync.list` `wait`); the fuzzer lowers it so a valid 30 s wait stays short. */
  longPollMaxMs: number;
  /**
   * One structured line per call; tests capture it, `main.ts` writes it to stdout. `noLog` (the
   * default) means none: the access line is then not even built.
   */
  log: (line: Record<string, unknown>) => void;
  /**
   * The access line of each WebAPI call; `log` unless set (tests read both from one list).
   * PHOTOSTATION_ACCESS_LOG sends it to a file.
   */
  accessLog: (line: Record<string, unknown>) => void;
  /** Writes out what the logs still buffer; the last step of closing the server. */
  closeLogs: () => Promise<void>;
  /** Clock in milliseconds; tests move it to expire sessions and throttles. */
  now: () => number;
  /** Thumbnail cache (SPEC §14), under the data folder, never under the photo root. */
  thumbDir: string;
  /** Thumbnail generations at once (each one decode on libuv's thread pool). */
  thumbConcurrency: number;
  /** Seconds one picture may take to decode before it counts as undecodable (SPEC §19). */
  thumbTimeoutSeconds: number;
  /**
   * Make missing thumbnails in the background after the start-up scan and after uploads. On for
   * `npm start` (configFromEnv; PHOTOSTATION_THUMB_BACKGROUND=0 turns it off), off by default
   * for servers built in tests and benchmarks, which ask for what they measure.
   */
  thumbBackground: boolean;
  /** `off`: act as if ffmpeg/ffprobe were missing (PHOTOSTATION_FFMPEG=off). */
  ffmpeg: 'auto' | 'off';
  /**
   * Where a user's personal library (SPEC §18) keeps its photos: a path with `<user>` in it, or a
   * folder that holds one photo root per user name. Default `<dataDir>/home/<user>/photo`. Its
   * index, trash and thumbnails live in `<dataDir>/home/<user>/` whatever this says.
   */
  homeRoot: string;
  /** Personal libraries at all (PHOTOSTATION_PERSONAL_LIBRARIES=0 switches them off for everyone). */
  personalLibraries: boolean;
  /** Test-only fault injection: name of a point at which the process kills itself. */
  faultPoint: string | undefined;
  /**
   * Durability (SPEC §20): before a unit or an upload answers success, the files it wrote and
   * the directories whose entries it changed are fsync'ed, and the index commits with
   * `synchronous = FULL`. Off (PHOTOSTATION_FLUSH=0) only for the baseline half of a benchmark
   * that measures what the flushes cost; a power cut may then lose what answered success.
   */
  flush: boolean;
  /**
   * Plain item moves run their disk half on the disk thread, pipelined (src/ops/disk-thread.ts).
   * Off (PHOTOSTATION_DISK_THREAD=0): every unit runs on the main thread, as before session 16;
   * for a benchmark's comparison, or a platform where worker threads misbehave.
   */
  diskThread: boolean;
  /** What `SYNO.PhotoStation.Info.getinfo` tells clients about the site (SPEC §15). */
  site: SiteSettings;
}

/** Site-wide settings clients read with Info.getinfo before they show anything. */
export interface SiteSettings {
  title: string;
  aboutMeTitle: string;
  /** Default order of album contents, as Album.list takes it. */
  sortBy: 'filename' | 'takendate' | 'createdate' | 'preference' | 'mtime';
  sortDirection: 'asc' | 'desc';
  /** Items per page the clients ask for. */
  pagingItemCount: number;
  allowDownloadAlbum: boolean;
  allowDownloadOrig: boolean;
  allowDownloadVideo: boolean;
  allowComment: boolean;
  /** Where the map opens for an item without a position. */
  defaultGeoLocation: { lat: number; lng: number };
}

/** Milliseconds, 0 for none (each maps to Node's server option of the same idea). */
export interface HttpLimits {
  /** From a request's first byte to the end of its headers (Node `headersTimeout`). */
  headersMs: number;
  /** From a request's first byte to the end of its body (Node `requestTimeout`); 0: the rate below bounds bodies. */
  requestMs: number;
  /** A kept-alive connection with no request (Node `keepAliveTimeout`). */
  keepAliveMs: number;
  /**
   * A socket on which nothing moves either way, while a request runs or its answer is read
   * (Node `server.timeout`): a dead peer, a client that stopped reading. Long: a synchronous
   * call may work for minutes before it answers. (A new connection that sends nothing is cut by
   * `headersMs`, an idle kept-alive one by `keepAliveMs`.)
   */
  idleMs: number;
  /**
   * A body slower than this (bytes/s, averaged over `bodyWindowMs`, only while the server waits
   * for it) cuts the connection: a client dribbling one byte per second is not an upload.
   */
  bodyMinRate: number;
  bodyWindowMs: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersMs: 20_000,
  requestMs: 0,
  keepAliveMs: 5_000,
  idleMs: 600_000,
  bodyMinRate: 1024,
  bodyWindowMs: 20_000,
};

/** The log of a server that logs nothing; compared by identity. */
export const noLog = (_line: Record<string, unknown>): void => {};

/** Defaults for everything, rooted at `dataDir`; `overrides` win. */
export function makeConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  const dir = path.resolve(dataDir);
  return {
    dataDir: dir,
    photoRoot: path.join(dir, 'photo'),
    dbPath: path.join(dir, 'photostation.db'),
    trashDir: path.join(dir, 'trash'),
    tmpDir: path.join(dir, 'tmp'),
    thumbDir: path.join(dir, 'thumbs'),
    thumbConcurrency: 2,
    thumbTimeoutSeconds: 30,
    ffmpeg: 'auto',
    thumbBackground: false,
    host: '127.0.0.1',
    port: 8080,
    adminPassword: undefined,
    bodyLimit: 16 * MiB,
    uploadLimit: 20 * GiB,
    http: DEFAULT_HTTP_LIMITS,
    sessionIdleMs: 24 * 3600_000,
    rememberMeMs: 30 * 24 * 3600_000,
    loginMaxFailures: 5,
    loginWindowMs: 15 * 60_000,
    trustProxy: false,
    defaultAlbumType: 'private',
    trashRetentionMs: 30 * 24 * 3600_000,
    taskQueueLimit: 16,
    longPollMaxMs: 30_000,
    log: noLog,
    accessLog: overrides.log ?? noLog,
    closeLogs: () => Promise.resolve(),
    now: () => Date.now(),
    faultPoint: undefined,
    homeRoot: path.join(dir, 'home', '<user>', 'photo'),
    personalLibraries: true,
    flush: true,
    diskThread: true,
    site: {
      title: 'Photo Station',
      aboutMeTitle: 'About me',
      sortBy: 'takendate',
      sortDirection: 'asc',
      pagingItemCount: 100,
      allowDownloadAlbum: true,
      allowDownloadOrig: true,
      allowDownloadVideo: true,
      allowComment: true,
      defaultGeoLocation: { lat: 25.0478, lng: 121.5319 },
    },
    ...overrides,
  };
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected ${name} to be a non-negative integer, got \`${raw}\``);
  return n;
}

/** The configuration `npm start` runs with: the embedded default, adjusted by the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = env.PHOTOSTATION_DATA || path.join(process.cwd(), 'data');
  const type = env.PHOTOSTATION_DEFAULT_ALBUM_TYPE;
  if (type !== undefined && type !== 'public' && type !== 'private' && type !== 'password') {
    throw new Error(`Expected PHOTOSTATION_DEFAULT_ALBUM_TYPE to be public or private, got \`${type}\``);
  }
  const out = logSink(1);
  const access = env.PHOTOSTATION_ACCESS_LOG ? logSink(path.resolve(env.PHOTOSTATION_ACCESS_LOG)) : undefined;
  const http: HttpLimits = {
    headersMs: intFromEnv(env, 'PHOTOSTATION_HEADERS_TIMEOUT', DEFAULT_HTTP_LIMITS.headersMs),
    requestMs: intFromEnv(env, 'PHOTOSTATION_REQUEST_TIMEOUT', DEFAULT_HTTP_LIMITS.requestMs),
    keepAliveMs: intFromEnv(env, 'PHOTOSTATION_KEEPALIVE_TIMEOUT', DEFAULT_HTTP_LIMITS.keepAliveMs),
    idleMs: intFromEnv(env, 'PHOTOSTATION_IDLE_TIMEOUT', DEFAULT_HTTP_LIMITS.idleMs),
    bodyMinRate: intFromEnv(env, 'PHOTOSTATION_BODY_MIN_RATE', DEFAULT_HTTP_LIMITS.bodyMinRate),
    bodyWindowMs: intFromEnv(env, 'PHOTOSTATION_BODY_WINDOW', DEFAULT_HTTP_LIMITS.bodyWindowMs),
  };
  return makeConfig(dataDir, {
    host: env.HOST || '127.0.0.1',
    port: intFromEnv(env, 'PORT', 8080),
    adminPassword: env.PHOTOSTATION_ADMIN_PASSWORD || undefined,
    photoRoot: env.PHOTOSTATION_PHOTO_ROOT ? path.resolve(env.PHOTOSTATION_PHOTO_ROOT) : path.join(path.resolve(dataDir), 'photo'),
    bodyLimit: intFromEnv(env, 'PHOTOSTATION_BODY_LIMIT', 16 * MiB),
    uploadLimit: intFromEnv(env, 'PHOTOSTATION_UPLOAD_LIMIT', 20 * GiB),
    http,
    sessionIdleMs: intFromEnv(env, 'PHOTOSTATION_SESSION_IDLE', 24 * 3600) * 1000,
    trustProxy: env.PHOTOSTATION_TRUST_PROXY === '1' || env.PHOTOSTATION_TRUST_PROXY === 'true',
    defaultAlbumType: type ?? 'private',
    faultPoint: env.PHOTOSTATION_FAULT || undefined,
    ...(env.PHOTOSTATION_HOME_ROOT ? { homeRoot: path.resolve(env.PHOTOSTATION_HOME_ROOT) } : {}),
    personalLibraries: env.PHOTOSTATION_PERSONAL_LIBRARIES !== '0' && env.PHOTOSTATION_PERSONAL_LIBRARIES !== 'false',
    flush: env.PHOTOSTATION_FLUSH !== '0',
    diskThread: env.PHOTOSTATION_DISK_THREAD !== '0',
    ...(env.PHOTOSTATION_TITLE ? { site: { ...makeConfig(dataDir).site, title: env.PHOTOSTATION_TITLE } } : {}),
    thumbConcurrency: Math.max(1, intFromEnv(env, 'PHOTOSTATION_THUMB_CONCURRENCY', 2)),
    ffmpeg: env.PHOTOSTATION_FFMPEG === 'off' ? 'off' : 'auto',
    thumbBackground: env.PHOTOSTATION_THUMB_BACKGROUND !== '0',
    log: out.logNow,
    accessLog: access?.log ?? out.log,
    closeLogs: async () => {
      await access?.close();
      await out.close();
    },
  });
}
