-- The branch collector deletes finished branches by their decision time; PREPARED ones (decided_at null) are
-- never in its range.
create index bank_branch_decided_at on bank_branch (decided_at);
