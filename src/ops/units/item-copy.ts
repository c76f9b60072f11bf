import { constants } from 'node:fs';
import { lstat, utimes } from 'node:fs/promises';
import { copyFile, rename, rmSync } from '../../runtime/fsx.ts';
import { discard } from '../../runtime/litter.ts';
import path from 'node:path';
import { baseName, parentPath } from '../../library/ids.ts';
import { saveItem } from '../trash-store.ts';
import { dropPartialSync, moveAcrossSync } from '../fsmove.ts';
import { tmpName } from '../unit.ts';
import type { UnitSpec } from './spec.ts';
import { clash, exists, has, itemAt, keepDisplaced } from './support.ts';

/**
 * An item copied with its metadata: written under a hidden temporary name, then renamed into
 * place; with `trash`, the file there goes to the trash first (overwrite).
 */
export const itemCopy: UnitSpec = {
  rootPaths: (u) => [u.src, u.dst],
  async disk(steps, u, journalId) {
    const src = steps.abs(u.src);
    const dst = steps.abs(u.dst);
    const st = await lstat(src);
    if (!st.isFile()) throw new Error('Only regular files are copied');
    const tmp = steps.tmpAbs(u, journalId);
    try {
      await copyFile(src, tmp, constants.COPYFILE_EXCL);
      await utimes(tmp, st.atime, st.mtime);
      // The bytes are on the disk before the name is: a power cut never leaves a named, empty copy.
      await steps.flushFile(tmp);
      if (u.trash) await steps.replace(u, () => rename(tmp, dst));
      else if (await exists(dst)) throw clash(u.dst);
      else await rename(tmp, dst);
    } catch (err) {
      await discard(tmp);
      throw err;
    }
    return false;
  },
  changesAlbums: false,
  index(changes, u, _trashed, now) {
    const dstAlbum = changes.ensureAlbum(parentPath(u.dst));
    const name = baseName(u.dst);
    // Read before the overwrite: a copy onto its own place (src = dst, `overwrite`) displaces the
    // source itself, whose row and extras leave for the trash entry.
    const source = changes.item(u.src);
    const onItself = u.trash !== undefined && u.src === u.dst;
    const extras = source && onItself ? changes.lib.extras.save(source.id) : undefined;
    if (u.trash) changes.trashItem(u.dst, u.trash, 'overwrite', now);
    // A copy is a new item: a new uid (SPEC §17).
    const copy = changes.insertItem(dstAlbum, name, source ? { ...saveItem(source), created_at: now, uid: null } : undefined, now);
    if (copy === undefined || !source) return;
    if (onItself) changes.lib.extras.restore(copy, extras, now);
    else changes.lib.extras.copy(source.id, copy);
  },
  announce(feed, u) {
    const to = itemAt(u.dst);
    feed.record('CREATE', to.kind, to.id, { from: itemAt(u.src).id });
  },
  inspect(engine, row) {
    const { disk } = engine;
    const dst = disk.abs(row.dst);
    const tmp = path.join(path.dirname(dst), tmpName(row.id));
    const old = row.trash ? disk.trashAbs(row.trash) : undefined;
    if (old) dropPartialSync(old);
    if (has(tmp)) {
      // The copy is complete once the old file has left for the trash (it moved after the copy).
      if (old && has(old) && !has(dst)) {
        moveAcrossSync(tmp, dst);
        return { done: true, trashed: false };
      }
      rmSync(tmp, { force: true });
      return { done: false };
    }
    if (!has(dst)) return { done: false };
    return old === undefined || has(old) ? { done: true, trashed: false } : { done: false };
  },
  refuse(engine, row) {
    keepDisplaced(engine, row);
    return false;
  },
};
