import { IdError, checkName, decodeAlbumId, decodeItemId, isAlbumId } from '../library/ids.ts';
import { kindOf } from '../library/media.ts';
import { DomainError } from '../errors.ts';
import type { Strategy } from '../ops/clash.ts';
import type { UnitSpec } from '../tasks/store.ts';

export interface TransferParams {
  move_operations?: Record<string, string>;
  operations?: { from: string; to: string; name?: string; duplicate?: Strategy }[];
  selection?: unknown[];
  to?: string;
  duplicate: Strategy;
  async: boolean;
  from_space?: string;
  to_space?: string;
}

export interface DeleteParams {
  id?: string[];
  selection?: unknown[];
  async: boolean;
}

/** More sources than this in one request are refused before any work. */
export const MAX_UNITS = 100_000;
/** Above this many sources a request runs as a background task (SPEC §12). */
export const SYNC_LIMIT = 1_000;

function badParams(reason: string): never {
  throw new DomainError('bad-input', reason);
}

function source(id: string): string {
  try {
    if (isAlbumId(id)) decodeAlbumId(id);
    else decodeItemId(id);
  } catch (err) {
    if (err instanceof IdError) badParams(`Bad source id: ${err.message}`);
    throw err;
  }
  return id;
}

function destination(id: string): string {
  try {
    decodeAlbumId(id);
  } catch (err) {
    if (err instanceof IdError) badParams(`Bad destination album id: ${err.message}`);
    throw err;
  }
  return id;
}

function countCheck(n: number): void {
  if (n > MAX_UNITS) throw new DomainError('too-many', `Expected at most ${MAX_UNITS} sources, got ${n}`);
  if (n === 0) badParams('Expected at least one source');
}

/**
 * Turns a move/copy request into its explicit units, or says it is a selection. Exactly one of
 * `move_operations`, `operations` and `selection` must be given; every id must decode.
 */
export function planTransfer(p: TransferParams): { units: UnitSpec[] } | { selection: unknown[]; to: string } {
  const forms = [p.move_operations, p.operations, p.selection].filter((f) => f !== undefined);
  if (forms.length !== 1) badParams('Expected exactly one of `move_operations`, `operations` or `selection`');
  if (p.selection !== undefined) {
    if (p.to === undefined) badParams('Expected `to` with a selection');
    return { selection: p.selection, to: destination(p.to) };
  }
  if (p.move_operations !== undefined) {
    const entries = Object.entries(p.move_operations);
    countCheck(entries.length);
    return { units: entries.map(([from, to]) => ({ source: source(from), dest: destination(to), duplicate: p.duplicate })) };
  }
  const ops = p.operations ?? [];
  countCheck(ops.length);
  return { units: ops.map((o) => ({ source: source(o.from), dest: destination(o.to), name: newName(o.from, o.name), duplicate: o.duplicate ?? p.duplicate })) };
}

/** A new name must be a plain visible name, and an item keeps its kind (a photo stays a photo). */
function newName(from: string, name: string | undefined): string | null {
  if (name === undefined) return null;
  try {
    checkName(name);
  } catch (err) {
    if (err instanceof IdError) badParams(`Bad new name: ${err.message}`);
    throw err;
  }
  if (!isAlbumId(from) && kindOf(name) !== decodeItemId(from).kind) badParams(`Expected \`${name}\` to keep the item's kind`);
  return name;
}

export function planDelete(p: DeleteParams): { units: UnitSpec[] } | { selection: unknown[] } {
  if ((p.id === undefined) === (p.selection === undefined)) badParams('Expected exactly one of `id` or `selection`');
  if (p.selection !== undefined) return { selection: p.selection };
  const ids = [...new Set(p.id)];
  countCheck(ids.length);
  return { units: ids.map((id) => ({ source: source(id) })) };
}
