-- Every change of a balance counts up its account's version. The bank's write-ahead log holds account images with
-- their version, and replaying it after a crash applies an image only over an older version: H2 is written
-- without forcing, so after a crash it may hold more than the log, or less.
alter table bank_account add column version bigint default 0 not null;
