-- HEURISTIC: a branch ended otherwise than the decision (409 in phase 2) or lost its prepared state (404 on
-- commit); the decision stays what it was, the transaction is flagged for an operator.
ALTER TABLE coord_transaction ADD COLUMN heuristic BOOLEAN DEFAULT FALSE NOT NULL;
-- When tx/<id>/decision was deleted from the config store (decision-retention after completion); the row itself
-- goes history-retention after completion, never before its decision is forgotten.
ALTER TABLE coord_transaction ADD COLUMN decision_forgotten_at TIMESTAMP(6) WITH TIME ZONE;
CREATE INDEX coord_tx_heuristic ON coord_transaction (heuristic, created_at);
