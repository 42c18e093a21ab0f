-- 县级 accounts: a county (or, in 东莞 and 中山, a town) under province and
-- city. SQLite cannot change a CHECK constraint in place, so the table is
-- built anew with the role 'county' allowed and the rows copied as they are.
CREATE TABLE users_county (
	name             TEXT PRIMARY KEY,
	role             TEXT NOT NULL CHECK (role IN ('ministry', 'province', 'city', 'county', 'viewer', 'admin')),
	province         TEXT NOT NULL DEFAULT '',
	city             TEXT NOT NULL DEFAULT '',
	county           TEXT NOT NULL DEFAULT '',
	disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	password_hash    TEXT NOT NULL,
	created          TEXT NOT NULL,
	password_changed TEXT NOT NULL,
	session_epoch    INTEGER NOT NULL DEFAULT 1,
	unlocked         TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO users_county (name, role, province, city, disabled, password_hash, created, password_changed, session_epoch, unlocked)
	SELECT name, role, province, city, disabled, password_hash, created, password_changed, session_epoch, unlocked FROM users;
DROP TABLE users;
ALTER TABLE users_county RENAME TO users;
