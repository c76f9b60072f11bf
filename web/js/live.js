import { Api, call, ApiError } from './api.js';
import { sleep } from './dom.js';
import { emitChanges } from './state.js';

/**
 * Follows the Sync feed (SPEC §12) by long-polling, so that a scan or another client's change
 * shows without a reload. One request at a time; after a failure it waits and tries again.
 * @param {AbortSignal} signal
 */
export async function followChanges(signal) {
  /** @type {number | undefined} */
  let cursor;
  while (!signal.aborted) {
    try {
      const answer = await call(Api.Sync, 'list', { cursor, wait: cursor === undefined ? 0 : 25, limit: 500 }, { signal });
      if (cursor !== undefined && answer.events.length) emitChanges(answer.events);
      cursor = answer.cursor;
    } catch (e) {
      if (signal.aborted) return;
      // A session that ended is the login page's business, not a reason to poll faster.
      if (e instanceof ApiError && (e.code === 105 || e.code === 106)) return;
      await sleep(3000);
    }
  }
}
