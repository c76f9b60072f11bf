/**
 * Stable uids (SPEC §17, migration 060). A uid is a random UUID (version 4, text form) stored
 * on the album or item row; it rides along with every move and rename (those update rows, never
 * replace them), goes to the trash with the row and comes back with it. A copy is a new row, so it
 * gets a new one.
 *
 * The SQL expression below is how every row inserted by the code gets its uid (made by SQLite,
 * in the same statement: cheaper than a trigger's second write). Migration 060 holds the same
 * expression for existing rows, and a trigger that fills any row inserted without one.
 */
export const NEW_UID_SQL =
  "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";
