import { bookkeeping } from '../db/bookkeeping.ts';
import type { Db } from '../db/open.ts';

export interface PhotoLogRow {
  id: number;
  at: number;
  user: string;
  action: string;
  detail: string;
}

/**
 * Calls that go into the administrator's log (SPEC §15: uploads, moves, deletes, logins), by
 * `api.method`; a function of the parameters where the method alone does not say it. Every call
 * passes through the access log line, so the log is fed from there, in one place, and a new way
 * of moving things needs one line here rather than a call in its handler.
 */
const LOGGED: Record<string, string | ((p: Readonly<Record<string, unknown>>) => string)> = {
  'SYNO.PhotoStation.Auth.login': 'login',
  'SYNO.PhotoStation.Auth.photo_login': 'login',
  'SYNO.PhotoStation.File.uploadphoto': 'upload',
  'SYNO.PhotoStation.File.uploadvideo': 'upload',
  // Lightroom's raw upload path (src/api/lightroom.ts) has no WebAPI call; it notes itself here.
  'Lightroom.asst_file_upload': 'upload',
  'SYNO.PhotoStation.Photo.copy': (p) => (p.mode === 'move' ? 'move' : 'copy'),
  'SYNO.PhotoStation.Photo.delete': 'delete',
  'SYNO.PhotoStation.Album.move': 'move',
  'SYNO.PhotoStation.Album.delete': 'delete',
  'SYNO.PhotoStation.Batch.move': 'move',
  'SYNO.PhotoStation.Batch.copy': 'copy',
  'SYNO.PhotoStation.Batch.delete': 'delete',
};

/** The methods of LOGGED: most calls are none of them, and are passed over without building a key. */
const LOGGED_METHODS = new Set(Object.keys(LOGGED).map((k) => k.slice(k.lastIndexOf('.') + 1)));

/** Codes of a refused login worth an administrator's eye (wrong password, disabled, throttled). */
const FAILED_LOGIN = new Set([407, 408, 410]);

/** Parameters that say what a logged call was about; nothing else (no password) is written. */
const DETAIL_PARAMS = ['username', 'id', 'filename', 'dest_folder_path', 'sharepath', 'mode', 'selection', 'to', 'move_operations', 'operations'];
const DETAIL_MAX = 2000;

/**
 * A parameter cut to what can show in DETAIL_MAX characters, before it is serialised: the `id`
 * of a 100 000-photo Photo.copy is ~5 MB of JSON, written out on the event loop only to be cut.
 * The text kept is the same: the first DETAIL_MAX + 1 elements or characters serialise to more
 * than DETAIL_MAX characters, whose beginning is that of the whole.
 */
function brief(value: unknown): unknown {
  if (Array.isArray(value) && value.length > DETAIL_MAX + 1) return value.slice(0, DETAIL_MAX + 1);
  if (typeof value === 'string' && value.length > DETAIL_MAX + 1) return value.slice(0, DETAIL_MAX + 1);
  return value;
}

/** The administrator's log (PhotoLog.list). */
export class PhotoLog {
  readonly #insert;
  readonly #db: Db;
  readonly #now: () => number;

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.#insert = db.prepare('INSERT INTO photo_log (at, user, action, detail) VALUES (?, ?, ?, ?)');
  }

  /** Called for every WebAPI call once its outcome is known; writes a row for the calls of LOGGED. */
  noteCall(api: string | undefined, method: string | undefined, user: string | undefined, params: Readonly<Record<string, unknown>> | undefined, code: number): void {
    if (method === undefined || !LOGGED_METHODS.has(method)) return;
    const rule = LOGGED[`${api}.${method}`];
    if (rule === undefined || params === undefined) return;
    let action = typeof rule === 'string' ? rule : rule(params);
    if (code !== 0) {
      if (action !== 'login' || !FAILED_LOGIN.has(code)) return;
      action = 'login_failed';
    }
    const who = user ?? (typeof params.username === 'string' ? params.username : '');
    const detail: Record<string, unknown> = {};
    for (const k of DETAIL_PARAMS) if (params[k] !== undefined && !(action.startsWith('login') && k !== 'username')) detail[k] = brief(params[k]);
    let text = JSON.stringify(detail);
    if (text.length > DETAIL_MAX) text = `${text.slice(0, DETAIL_MAX)}…`;
    bookkeeping(this.#db, this.#insert.run(this.#now(), who, action, text));
  }

  page(offset: number, limit: number): { total: number; rows: PhotoLogRow[] } {
    const total = this.#db.prepare('SELECT count(*) FROM photo_log').pluck().get() as number;
    const rows = this.#db.prepare<[number, number], PhotoLogRow>('SELECT * FROM photo_log ORDER BY id DESC LIMIT ? OFFSET ?').all(limit, offset);
    return { total, rows };
  }

  clear(): void {
    this.#db.prepare('DELETE FROM photo_log').run();
  }
}
