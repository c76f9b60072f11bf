-- Grants in personal libraries (SPEC §5, §18). Users, groups and memberships are the shared
-- index's (the accounts store); a personal index keeps a copy of them, so that its own grants
-- (album_rights, group_rights) can name users and groups under foreign keys and the one
-- `user_grants` view answers there as it does here (src/spaces/accounts-copy.ts).

-- A group's identity beyond its row id, which SQLite reuses once the highest row is deleted: a
-- copy whose key differs is another group, and its grants go with the old one.
ALTER TABLE groups ADD COLUMN key TEXT;
UPDATE groups SET key = lower(hex(randomblob(12)));

-- Counts every change a copy must follow, whoever makes it (the server, `npm run user`, a
-- cascade): a personal library compares it with the count it copied at and copies again when
-- they differ, before the call it serves.
CREATE TABLE accounts_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO accounts_version (id, version) VALUES (1, 0);

CREATE TRIGGER accounts_version_user_insert AFTER INSERT ON users BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_user_delete AFTER DELETE ON users BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_user_update AFTER UPDATE OF id, username, created_at ON users BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_group_insert AFTER INSERT ON groups BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_group_delete AFTER DELETE ON groups BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_group_update AFTER UPDATE OF id, name, description, key ON groups BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_member_insert AFTER INSERT ON group_members BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_member_delete AFTER DELETE ON group_members BEGIN UPDATE accounts_version SET version = version + 1; END;
CREATE TRIGGER accounts_version_member_update AFTER UPDATE ON group_members BEGIN UPDATE accounts_version SET version = version + 1; END;
