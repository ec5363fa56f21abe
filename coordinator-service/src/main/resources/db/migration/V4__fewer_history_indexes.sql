-- Each index of coord_transaction is one more B-tree that every transfer modifies (H2 copies a page of it per
-- modification, and again at commit): five secondary indexes made the history a third of the coordinator's
-- allocation. Three serve every query now:
--   coord_tx_created (created_at)                          the newest transactions (API, no filter)
--   coord_tx_status (heuristic, status, created_at)        the newest with one status, not HEURISTIC (API), and the
--                                                          HEURISTIC ones (few: as many as anomalies)
--   coord_tx_retention (decision_forgotten, completed_at)  decisions due (decision retention), forgotten ones due
--                                                          (history retention), the unfinished (recovery)
-- decision_forgotten is decision_forgotten_at IS NOT NULL, kept by the database: the history retention's
-- question ("forgotten, completed before the cutoff, oldest first") now reads only the rows it deletes; through
-- the heuristic index H2 chose for it, it read the whole table on every batch.
ALTER TABLE coord_transaction ADD COLUMN decision_forgotten BOOLEAN GENERATED ALWAYS AS
    (decision_forgotten_at IS NOT NULL);
CREATE INDEX coord_tx_retention ON coord_transaction (decision_forgotten, completed_at);
CREATE INDEX coord_tx_status ON coord_transaction (heuristic, status, created_at);
DROP INDEX coord_tx_completed;
DROP INDEX coord_tx_decision_due;
DROP INDEX coord_tx_status_created;
DROP INDEX coord_tx_heuristic;
