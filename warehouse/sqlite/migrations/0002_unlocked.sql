-- When an administrator last lifted an account's sign-in limits
-- (`clusterscope user unlock`): the running server forgets the failures
-- before it. '' for never.
--
-- unlocked and users.password_changed are the two times written to the
-- nanosecond (RFC 3339 with a fraction), each later than the one it
-- replaces: a session ends when password_changed differs from what it
-- saw at sign-in, and two changes within one second must still differ.
ALTER TABLE users ADD COLUMN unlocked TEXT NOT NULL DEFAULT '';
