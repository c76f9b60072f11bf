import path from 'node:path';

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
  /** Limit for one uploaded file. */
  uploadLimit: number;
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
  /** Test-only fault injection: name of a point at which the process kills itself. */
  faultPoint: string | undefined;
  /**
   * Durability (SPEC §20): before a unit or an upload answers success, the files it wrote and
   * the directories whose entries it changed are fsync'ed, and the index commits with
   * `synchronous = FULL`. Off (PHOTOSTATION_FLUSH=0) only for the baseline half of a benchmark
   * that measures what the flushes cost; a power cut may then lose what answered success.
   */
  flush: boolean;
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

const MiB = 1024 * 1024;

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
    uploadLimit: 4096 * MiB,
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
    now: () => Date.now(),
    faultPoint: undefined,
    flush: true,
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
  return makeConfig(dataDir, {
    host: env.HOST || '127.0.0.1',
    port: intFromEnv(env, 'PORT', 8080),
    adminPassword: env.PHOTOSTATION_ADMIN_PASSWORD || undefined,
    photoRoot: env.PHOTOSTATION_PHOTO_ROOT ? path.resolve(env.PHOTOSTATION_PHOTO_ROOT) : path.join(path.resolve(dataDir), 'photo'),
    bodyLimit: intFromEnv(env, 'PHOTOSTATION_BODY_LIMIT', 16 * MiB),
    sessionIdleMs: intFromEnv(env, 'PHOTOSTATION_SESSION_IDLE', 24 * 3600) * 1000,
    trustProxy: env.PHOTOSTATION_TRUST_PROXY === '1' || env.PHOTOSTATION_TRUST_PROXY === 'true',
    defaultAlbumType: type ?? 'private',
    faultPoint: env.PHOTOSTATION_FAULT || undefined,
    flush: env.PHOTOSTATION_FLUSH !== '0',
    ...(env.PHOTOSTATION_TITLE ? { site: { ...makeConfig(dataDir).site, title: env.PHOTOSTATION_TITLE } } : {}),
    thumbConcurrency: Math.max(1, intFromEnv(env, 'PHOTOSTATION_THUMB_CONCURRENCY', 2)),
    ffmpeg: env.PHOTOSTATION_FFMPEG === 'off' ? 'off' : 'auto',
    thumbBackground: env.PHOTOSTATION_THUMB_BACKGROUND !== '0',
    log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
  });
}
