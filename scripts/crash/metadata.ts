import type { Database } from 'better-sqlite3';
import type { Library } from './state.ts';

/**
 * What the index says of each fixture file beyond its bytes (SPEC §15 "metadata follows its
 * photo"): a title, a rating, a rotation, a tag and a comment, each derived from the file's content
 * hash. Every copy of a content, wherever moves, copies, deletes, restores and crashes put it, must
 * carry exactly its content's metadata: a row that kept another file's metadata, or lost its own,
 * is a violation.
 */
interface Meta {
  title: string;
  rating: number;
  rotation: number;
  tag: string;
  comment: string;
}

function metaOf(hash: string): Meta {
  const short = hash.slice(0, 10);
  return {
    title: `t-${short}`,
    rating: (parseInt(hash.slice(0, 2), 16) % 5) + 1,
    rotation: [0, 90, 180, 270][parseInt(hash.slice(2, 4), 16) % 4] as number,
    tag: `k-${short}`,
    comment: `c-${short}`,
  };
}

const pathOf = (album: string, name: string) => (album === '' ? name : `${album}/${name}`);

/** Writes every item's metadata into a fresh fixture's index (the server stopped). */
export function writeMetadata(db: Database, lib: Library): void {
  const rowOf = db.prepare<[string, string], { id: number }>('SELECT i.id FROM items i JOIN albums a ON a.id = i.album_id WHERE a.path = ? AND i.name = ?');
  const setItem = db.prepare('UPDATE items SET title = ?, rating = ?, rotation = ? WHERE id = ?');
  const tag = db.prepare<[string, number], { id: number }>("INSERT INTO tags (type, name, created_at) VALUES ('desc', ?, ?) RETURNING id");
  const link = db.prepare('INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)');
  const comment = db.prepare("INSERT INTO comments (item_id, name, comment, created_at) VALUES (?, 'crash-test', ?, ?)");
  db.transaction(() => {
    for (const it of lib.items) {
      const row = rowOf.get(it.album, it.name);
      if (!row) throw new Error(`fixture file ${it.path} has no index row`);
      const m = metaOf(it.hash);
      setItem.run(m.title, m.rating, m.rotation, row.id);
      link.run(row.id, (tag.get(m.tag, Date.now()) as { id: number }).id);
      comment.run(row.id, m.comment, Date.now());
    }
  })();
}

/** Each item on disk whose index row does not carry its content's metadata, said in one line. */
export function metadataViolations(db: Database, lib: Library): string[] {
  const rows = db
    .prepare<[], { album: string; name: string; title: string; rating: number; rotation: number; tags: string | null; comments: string | null }>(
      `SELECT a.path AS album, i.name, i.title, i.rating, i.rotation,
         (SELECT group_concat(t.name, ',') FROM item_tags l JOIN tags t ON t.id = l.tag_id WHERE l.item_id = i.id) AS tags,
         (SELECT group_concat(c.comment, ',') FROM comments c WHERE c.item_id = i.id) AS comments
       FROM items i JOIN albums a ON a.id = i.album_id`,
    )
    .all();
  const byPath = new Map(rows.map((r) => [pathOf(r.album, r.name), r]));
  const out: string[] = [];
  for (const it of lib.items) {
    const row = byPath.get(it.path);
    if (!row) continue; // indexVsDisk reports a missing row
    const m = metaOf(it.hash);
    const got = { title: row.title, rating: row.rating, rotation: row.rotation, tag: row.tags ?? '', comment: row.comments ?? '' };
    const wrong = (Object.keys(m) as (keyof Meta)[]).filter((k) => got[k] !== m[k]);
    if (wrong.length > 0) out.push(`metadata of ${it.path}: ${wrong.map((k) => `${k} ${JSON.stringify(got[k])}, expected ${JSON.stringify(m[k])}`).join('; ')}`);
  }
  return out;
}
