import { formatLocal } from '../library/present.ts';
import { route } from '../webapi/route.ts';
import { limit, offset } from '../webapi/schema.ts';

export const list = route('admin', { type: 'object', properties: { offset: { ...offset, default: 0 }, limit: { ...limit, default: 100 } } }, ({ params, services }) => {
  const { total, rows } = services.library.photoLog.page(params.offset, params.limit);
  return {
    total,
    offset: params.offset + rows.length,
    items: rows.map((r) => ({ time: formatLocal(r.at), user: r.user, action: r.action, detail: r.detail })),
  };
});

export const clear = route('admin', { type: 'object', properties: {} }, ({ services }) => {
  services.library.photoLog.clear();
});
