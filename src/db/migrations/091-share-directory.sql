-- Public links of personal libraries (SPEC §18). A link's row lives in the index of the library
-- whose album or items it shares (its ids are that index's rows); a visitor names only the share
-- id. This directory, in the shared index beside the accounts, says which personal library holds
-- a share id, so `/photo/share/<id>` finds it without the visitor naming the library and without
-- opening every library. The shared library's own links are found in its public_shares.
-- An entry whose link is gone (its album deleted) only leads to a refusal there.
CREATE TABLE share_spaces (
  share_id TEXT PRIMARY KEY,
  space    TEXT NOT NULL
) WITHOUT ROWID;
