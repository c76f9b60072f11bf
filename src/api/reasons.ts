import { DomainError } from '../errors.ts';
import type { Reason } from '../errors.ts';
import type { ItemResult } from '../ops/results.ts';
import { Code, WebApiError } from '../webapi/codes.ts';
import type { ErrorCode } from '../webapi/codes.ts';

/** One API's codes for the domain's reasons; a reason it does not list is 100 (and a bug). */
export type CodeTable = Partial<Record<Reason, ErrorCode>>;

export function codeFor(table: CodeTable, reason: Reason): ErrorCode {
  return table[reason] ?? Code.Unknown;
}

/** Runs a call into the domain, turning its DomainError into this API's code. */
export async function withCodes<T>(table: CodeTable, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw new WebApiError(codeFor(table, err.reason), err.message);
    throw err;
  }
}

/** A long operation's per-item results on the wire (SPEC §10 ext): `error` is this API's code. */
export function itemsOnWire(items: ItemResult[], table: CodeTable): { id: string; status: number; new_id: string | null; error: number | null }[] {
  return items.map((r) => ({ id: r.id, status: r.status, new_id: r.new_id, error: r.reason === null ? null : codeFor(table, r.reason) }));
}

/** A long operation's answer with its items on the wire. */
export function answerOnWire<A extends { items: ItemResult[] }>(answer: A, table: CodeTable): Omit<A, 'items'> & { items: ReturnType<typeof itemsOnWire> } {
  return { ...answer, items: itemsOnWire(answer.items, table) };
}
