-- Never edit a migration once released: each database records the SHA-256
-- of the steps applied to it and refuses a binary whose copy differs. Add
-- the next number instead.
--
-- Accounts, overrides, decisions and the audit log. Times are TEXT in
-- RFC 3339, UTC, whole seconds: they sort as they read.

-- users is the one table whose rows change; every change is audited by the
-- caller. session_epoch grows when the password changes or the account is
-- disabled: a session that carries an older epoch has ended.
CREATE TABLE users (
	name             TEXT PRIMARY KEY,
	role             TEXT NOT NULL CHECK (role IN ('ministry', 'province', 'city', 'viewer', 'admin')),
	province         TEXT NOT NULL DEFAULT '',
	city             TEXT NOT NULL DEFAULT '',
	disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	password_hash    TEXT NOT NULL,
	created          TEXT NOT NULL,
	password_changed TEXT NOT NULL,
	session_epoch    INTEGER NOT NULL DEFAULT 1
) STRICT;

-- overrides holds every decision to admit a cluster against the criteria
-- and every withdrawal; a cluster's current override is its latest row.
CREATE TABLE overrides (
	id      INTEGER PRIMARY KEY,
	batch   INTEGER NOT NULL,
	cluster TEXT NOT NULL,
	kind    TEXT NOT NULL CHECK (kind IN ('admit', 'withdraw')),
	reason  TEXT NOT NULL,
	who     TEXT NOT NULL,
	at      TEXT NOT NULL
) STRICT;
CREATE INDEX overrides_by_cluster ON overrides (batch, cluster, id);
CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides
BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides
BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;

-- decisions is the history of review and lifecycle states: one row per
-- change of one subject (an application, a cluster) in one batch, numbered
-- 1, 2, … per subject. The current state is the row of the highest version.
CREATE TABLE decisions (
	id           INTEGER PRIMARY KEY,
	subject_kind TEXT NOT NULL,
	subject_id   TEXT NOT NULL,
	batch        INTEGER NOT NULL,
	version      INTEGER NOT NULL CHECK (version >= 1),
	state        TEXT NOT NULL,
	who          TEXT NOT NULL,
	at           TEXT NOT NULL,
	why          TEXT NOT NULL,
	UNIQUE (subject_kind, subject_id, batch, version)
) STRICT;
-- Versions follow each other without a gap, whoever inserts.
CREATE TRIGGER decisions_next_version BEFORE INSERT ON decisions
WHEN NEW.version <> 1 + coalesce((SELECT max(version) FROM decisions
	WHERE subject_kind = NEW.subject_kind AND subject_id = NEW.subject_id AND batch = NEW.batch), 0)
BEGIN SELECT RAISE(ABORT, 'decision version out of sequence'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- audit is append-only and chained: hash = sha256 over the row's canonical
-- encoding, which includes prev_hash, the hash of the row before ('' for the
-- first). AUTOINCREMENT keeps the highest id ever used in sqlite_sequence;
-- a new row takes the next one, so that rows removed from the end leave a
-- gap that stays.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	at        TEXT NOT NULL,
	who       TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	ip        TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
) STRICT;
-- Each row follows the last one, by id and by hash.
CREATE TRIGGER audit_chained BEFORE INSERT ON audit
WHEN NEW.id IS NOT 1 + coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0)
	OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '')
BEGIN SELECT RAISE(ABORT, 'audit entry does not follow the last one'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- imports records each legacy JSON file taken in, by its SHA-256, so that a
-- crash between the commit and the renaming is finished on the next start
-- and a file changed after its import is refused.
CREATE TABLE imports (
	file   TEXT PRIMARY KEY,
	sha256 TEXT NOT NULL,
	rows   INTEGER NOT NULL,
	at     TEXT NOT NULL
) STRICT;

-- meta keeps facts about this database, e.g. its random instance id.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
INSERT INTO meta (key, value) VALUES ('instance', lower(hex(randomblob(8))));
