import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest } from './checkpoints.ts';

/**
 * The checkpoint thread (checkpoints.ts): holds a connection of its own to each index it is
 * given and copies that index's write-ahead log into the database file every CHECKPOINT_MS.
 * A PASSIVE checkpoint takes no lock that a writer or reader waits on; what it cannot copy yet
 * (a reader still needs the old page) it copies next time.
 */
const CHECKPOINT_MS = 200;
const open = new Map<number, Db>();
const port = parentPort;
if (!port) throw new Error('checkpoint.worker.ts runs as a worker thread');

port.on('message', (req: CheckpointRequest) => {
  let reply: CheckpointReply;
  try {
    if (req.op === 'open') {
      const db = new Database(req.file, { fileMustExist: true });
      open.set(req.key, db);
    } else {
      open.get(req.key)?.close();
      open.delete(req.key);
    }
    reply = { key: req.key, op: req.op, ok: true };
  } catch (err) {
    reply = { key: req.key, op: req.op, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});

setInterval(() => {
  for (const db of open.values()) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or gone: the next turn tries again; the owner closes it.
    }
  }
}, CHECKPOINT_MS);
