import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { itemId } from '../../src/library/ids.ts';
import type { Envelope, OpsFixture } from '../helpers/ops-fixture.ts';
import { picture } from '../helpers/pictures.ts';

export const SHARED = 'SYNO.PhotoStation.SharedAlbum';
export const PHOTO = 'SYNO.PhotoStation.Photo';
export const THUMB = 'SYNO.PhotoStation.Thumb';
export const DOWNLOAD = 'SYNO.PhotoStation.Download';
export const ALBUM = 'SYNO.PhotoStation.Album';
export const COMMENT = 'SYNO.PhotoStation.Comment';
export const ADVANCED = 'SYNO.PhotoStation.AdvancedShare';

export const pid = (album: string, name: string) => itemId(album, name, 'photo');

/** A real JPEG at `album/name` (thumbnails need pixels), its row matching the file. */
export async function jpeg(f: OpsFixture, album: string, name: string, seed: number): Promise<Buffer> {
  const row = f.photo(album, name);
  const bytes = await picture(seed, 96, 64);
  const file = path.join(f.photoRoot, album, name);
  writeFileSync(file, bytes);
  const st = statSync(file);
  f.lib.db.prepare('UPDATE items SET size = ?, mtime = ?, width = 96, height = 64 WHERE id = ?').run(st.size, Math.trunc(st.mtimeMs), row.id);
  return bytes;
}

/** A call with no session at all, as a visitor's browser makes it (bytes or an envelope). */
export async function visit(f: OpsFixture, api: string, method: string, params: Record<string, string>): Promise<{ status: number; type: string; bytes: Buffer; env?: Envelope }> {
  const res = await fetch(f.url, { method: 'POST', body: new URLSearchParams({ api, method, version: '1', ...params }) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, bytes, env: type.startsWith('application/json') ? (JSON.parse(bytes.toString()) as Envelope) : undefined };
}

/** The error code of a refused call, or 0 for a success. */
export const codeOf = (r: { env?: Envelope }): number => (r.env ? (r.env.success ? 0 : (r.env.error?.code ?? -1)) : 0);
