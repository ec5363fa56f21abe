-- The retention sweep's question, "decisions completed before the cutoff and not forgotten yet" (every minute, in
-- batches): through the completion index alone it read every row whose decision was already forgotten (kept for
-- the history retention, an hour) before the first due one. With this index it reads the due ones only.
CREATE INDEX coord_tx_decision_due ON coord_transaction (decision_forgotten_at, completed_at);
