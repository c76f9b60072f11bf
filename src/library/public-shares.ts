import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import type { ShareVisit } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import { DomainError } from '../errors.ts';

export interface PublicShareRow {
  id: number;
  share_id: string;
  shared_album_id: number | null;
  album_id: number | null;
  owner_id: number;
  is_shared: number;
  start_at: number | null;
  end_at: number | null;
  password: string | null;
  enable_comment: number;
  created_at: number;
}

/** What is shared: a shared album (a collection of items) or a normal album (its own items). */
export type ShareTarget = { sharedAlbumId: number } | { albumId: number };

/** A share's state at a moment. */
export type ShareStatus = 'open' | 'disabled' | 'not_yet_open' | 'expired';

/** The fields of `edit_public_share` (and of Album.edit), each left as it is when undefined. */
export interface ShareSettings {
  isShared?: boolean;
  /** `Y-m-d` or `Y-m-d H:i:s` server time; '' opens that end. */
  startTime?: string;
  endTime?: string;
  enablePassword?: boolean;
  password?: string;
  enableComment?: boolean;
}

/** Why a visitor is refused; dispatch turns each into a code (src/webapi/share-auth.ts). */
export type Refusal = 'unknown' | 'closed' | 'password' | 'throttled';

/** 16 random bytes: 128 bits, past the 96 SPEC §18 asks, base64url so the link stays short. */
const newShareId = (): string => randomBytes(16).toString('base64url');
const SHARE_ID = /^[A-Za-z0-9_-]{16,64}$/;

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * A window edge as ms, server time, or null for '' (open). A day alone starts at its midnight
 * for a start, and ends after its last second for an end: `end_time=2024-01-31` includes the 31st.
 * The stored end is exclusive.
 */
export function parseShareTime(text: string, edge: 'start' | 'end'): number | null {
  const t = text.trim();
  if (t === '') return null;
  const m = TIME.exec(t);
  if (!m) throw new DomainError('bad-input', `Expected \`${edge}_time\` as Y-m-d or Y-m-d H:i:s, got \`${t.slice(0, 40)}\``);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as [number, number, number, number?, number?, number?];
  const date = new Date(y, mo - 1, d, h ?? 0, mi ?? 0, s ?? 0);
  const same = date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d && date.getHours() === (h ?? 0) && date.getMinutes() === (mi ?? 0);
  if (!same || (s ?? 0) > 59) throw new DomainError('bad-input', `Expected \`${edge}_time\` to be a real date and time, got \`${t}\``);
  if (edge === 'start') return date.getTime();
  return h === undefined ? new Date(y, mo - 1, d + 1).getTime() : date.getTime() + 1000;
}

/**
 * Public links (SPEC §18): one per shared album or album, with a time window, an optional
 * password (scrypt, as user passwords) throttled like logins, and a log of what visitors viewed.
 * `visit` is the one door a visitor comes through; what they may see once in is shares.ts.
 */
export class PublicShares {
  readonly #db: Db;
  readonly #throttle: LoginThrottle;
  readonly #register: ((shareId: string) => void) | undefined;
  readonly #byShareId;
  readonly #bySharedAlbum;
  readonly #byAlbum;
  readonly #addView;
  readonly #views;
  readonly #viewCount;
  /**
   * sha256(share, stored hash, password) of passwords already verified, so that a visitor's grid
   * of thumbnails does not pay scrypt per image; a new password changes the stored hash and so
   * every key. Plain passwords are never kept.
   */
  readonly #unlocked = new Set<string>();

  constructor(db: Db, throttle: LoginThrottle, register?: (shareId: string) => void) {
    this.#db = db;
    this.#throttle = throttle;
    this.#register = register;
    this.#byShareId = db.prepare<[string], PublicShareRow>('SELECT * FROM public_shares WHERE share_id = ?');
    this.#bySharedAlbum = db.prepare<[number], PublicShareRow>('SELECT * FROM public_shares WHERE shared_album_id = ?');
    this.#byAlbum = db.prepare<[number], PublicShareRow>('SELECT * FROM public_shares WHERE album_id = ?');
    this.#addView = db.prepare<[number, number, string, string, string | null]>('INSERT INTO share_views (share_id, at, ip, action, item) VALUES (?, ?, ?, ?, ?)');
    this.#views = db.prepare<[number, number, number], { at: number; ip: string; action: string; item: string | null }>(
      'SELECT at, ip, action, item FROM share_views WHERE share_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?',
    );
    this.#viewCount = db.prepare<[number], number>('SELECT count(*) FROM share_views WHERE share_id = ?').pluck();
  }

  of(target: ShareTarget): PublicShareRow | undefined {
    return 'albumId' in target ? this.#byAlbum.get(target.albumId) : this.#bySharedAlbum.get(target.sharedAlbumId);
  }

  byShareId(shareId: string): PublicShareRow | undefined {
    return SHARE_ID.test(shareId) ? this.#byShareId.get(shareId) : undefined;
  }

  status(row: PublicShareRow, now: number): ShareStatus {
    if (row.is_shared !== 1) return 'disabled';
    if (row.start_at !== null && now < row.start_at) return 'not_yet_open';
    if (row.end_at !== null && now >= row.end_at) return 'expired';
    return 'open';
  }

  /**
   * Creates or changes the link of `target`. The share id is made once and kept through later
   * edits (and through `is_shared=false`, which closes the link until it is shared again), so the
   * link friends hold goes on working when only the window or the password changes.
   */
  async edit(target: ShareTarget, ownerId: number, s: ShareSettings, now: number): Promise<PublicShareRow> {
    const start = s.startTime === undefined ? undefined : parseShareTime(s.startTime, 'start');
    const end = s.endTime === undefined ? undefined : parseShareTime(s.endTime, 'end');
    const existing = this.of(target);
    const from = start === undefined ? (existing?.start_at ?? null) : start;
    const to = end === undefined ? (existing?.end_at ?? null) : end;
    if (from !== null && to !== null && to <= from) throw new DomainError('bad-input', 'Expected `end_time` after `start_time`');
    let password: string | null | undefined;
    if (s.enablePassword === false) password = null;
    else if (s.password !== undefined && s.password !== '') password = await hashPassword(s.password);
    else if (s.enablePassword === true && !existing?.password) throw new DomainError('bad-input', 'Expected a `password` with `enable_password`');
    // The hash above ran on the thread pool: read the row again, then write in one synchronous step.
    return this.#db.transaction(() => {
      const row = this.of(target);
      const fields = {
        // A new link is open only when asked for: a call that only sets a window or a password
        // prepares a link without opening it.
        is_shared: s.isShared === undefined ? (row?.is_shared ?? 0) : Number(s.isShared),
        start_at: from,
        end_at: to,
        password: password === undefined ? (row?.password ?? null) : password,
        enable_comment: s.enableComment === undefined ? (row?.enable_comment ?? 0) : Number(s.enableComment),
      };
      if (row) {
        this.#db
          .prepare('UPDATE public_shares SET is_shared = @is_shared, start_at = @start_at, end_at = @end_at, password = @password, enable_comment = @enable_comment WHERE id = @id')
          .run({ ...fields, id: row.id });
        return this.#byShareId.get(row.share_id) as PublicShareRow;
      }
      const shareId = newShareId();
      // Found by visitors before it exists, never the other way round: an entry whose row did not
      // follow only leads to a refusal.
      this.#register?.(shareId);
      this.#db
        .prepare(
          `INSERT INTO public_shares (share_id, shared_album_id, album_id, owner_id, is_shared, start_at, end_at, password, enable_comment, created_at)
           VALUES (@share_id, @shared_album_id, @album_id, @owner_id, @is_shared, @start_at, @end_at, @password, @enable_comment, @created_at)`,
        )
        .run({
          ...fields,
          share_id: shareId,
          shared_album_id: 'sharedAlbumId' in target ? target.sharedAlbumId : null,
          album_id: 'albumId' in target ? target.albumId : null,
          owner_id: ownerId,
          created_at: now,
        });
      return this.#byShareId.get(shareId) as PublicShareRow;
    })();
  }

  /**
   * A visitor's way in: the share must exist, be shared and open now, and, when it has a
   * password, be sent it. Wrong passwords count against the share and the client's address as
   * failed logins do (the same throttle, SPEC §5); a closed share says so whatever the password.
   */
  async visit(shareId: string, password: string | undefined, ip: string, now: number): Promise<Omit<ShareVisit, 'space'> | Refusal> {
    const row = this.byShareId(shareId);
    if (!row || row.is_shared !== 1) return 'unknown';
    if (this.status(row, now) !== 'open') return 'closed';
    if (row.password !== null) {
      const keys = [`share:${row.id}`, `ip:${ip}`];
      if (this.#throttle.blocked(keys, now)) return 'throttled';
      if (password === undefined || password === '') return 'password';
      const key = createHash('sha256').update(`${row.id}\0${row.password}\0${password}`).digest('hex');
      if (!this.#unlocked.has(key)) {
        const ok = await verifyPassword(password, row.password);
        if (!ok) {
          this.#throttle.fail(keys, now);
          return 'password';
        }
        if (this.#unlocked.size > 10_000) this.#unlocked.clear();
        this.#unlocked.add(key);
      }
      // Read again after the await: the share may have been deleted or changed meanwhile.
      const again = this.byShareId(shareId);
      if (!again || this.status(again, now) !== 'open' || again.password !== row.password) return 'unknown';
    }
    return { rowId: row.id, albumId: row.album_id, sharedAlbumId: row.shared_album_id, enableComment: row.enable_comment === 1 };
  }

  /** Records what a visitor looked at (AdvancedShare.list_log). */
  recordView(visit: Pick<ShareVisit, 'rowId'>, ip: string, action: 'list' | 'view' | 'download', item: string | null, now: number): void {
    this.#addView.run(visit.rowId, now, ip, action, item);
  }

  /** A share's view log, newest first. */
  views(row: PublicShareRow, offset: number, limit: number): { total: number; rows: { at: number; ip: string; action: string; item: string | null }[] } {
    return { total: this.#viewCount.get(row.id) ?? 0, rows: this.#views.all(row.id, limit < 0 ? -1 : limit, offset) };
  }
}
