-- One-time passwords: an account made or reset by an administrator in the
-- browser signs in with a password someone else has seen, and must set its
-- own before anything else. Existing accounts keep the passwords they have.
ALTER TABLE users ADD COLUMN one_time INTEGER NOT NULL DEFAULT 0 CHECK (one_time IN (0, 1));
