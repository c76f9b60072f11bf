import { formatLocal } from '../library/present.ts';
import type { Call, Handlers } from '../services.ts';

function list({ params, services }: Call<{ offset: number; limit: number }>) {
  const { total, rows } = services.library.photoLog.page(params.offset, params.limit);
  return {
    total,
    offset: params.offset + rows.length,
    items: rows.map((r) => ({ time: formatLocal(r.at), user: r.user, action: r.action, detail: r.detail })),
  };
}

function clear({ services }: Call) {
  services.library.photoLog.clear();
}

export const handlers = { list, clear } satisfies Handlers;
