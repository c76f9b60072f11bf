import type { Db } from './open.ts';

/**
 * `PRAGMA data_version` (it moves when another connection commits), read at most once per turn
 * of the event loop: it opens a read transaction, with its file locks, and a request asks it
 * several times. Requests read in one turn see the index as it was when the turn began; the next
 * turn sees the other connection's commit.
 */
export function dataVersionPerTurn(db: Db): () => number {
  let reader = readers.get(db);
  if (!reader) {
    reader = makeReader(db);
    readers.set(db, reader);
  }
  return reader;
}

/** One reader per connection: the session check and the listing caches of a request share its read. */
const readers = new WeakMap<Db, () => number>();

function makeReader(db: Db): () => number {
  const read = db.prepare<[], number>('PRAGMA data_version').pluck();
  let thisTurn: number | undefined;
  const endTurn = () => {
    thisTurn = undefined;
  };
  return () => {
    if (thisTurn === undefined) {
      thisTurn = read.get() as number;
      setImmediate(endTurn);
    }
    return thisTurn;
  };
}
