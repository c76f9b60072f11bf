-- Personal libraries (SPEC §18): an administrator may switch a user's personal library off. On by
-- default; the configuration can switch them off for everyone (config.personalLibraries).
ALTER TABLE users ADD COLUMN personal_library INTEGER NOT NULL DEFAULT 1;
