-- App tokens (SPEC §17): the JWT carries its claims; the index holds what must be checked on
-- every use (revoked, whose) and what `list` shows. A deleted user's tokens go with the user.
CREATE TABLE app_tokens (
  jti        TEXT PRIMARY KEY,         -- 128-bit random, base64url
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  abilities  TEXT NOT NULL,            -- the claim as signed (canonical JSON)
  created_at INTEGER NOT NULL,         -- ms
  exp        INTEGER NOT NULL,         -- s, the latest `exp` handed out (renewals move it)
  revoked_at INTEGER                   -- ms; set = refused from then on, though the signature holds
) WITHOUT ROWID;
CREATE INDEX app_tokens_user ON app_tokens(user_id);
