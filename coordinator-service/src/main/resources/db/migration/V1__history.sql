-- The coordinator's history as Hibernate created it before Flyway managed the schema (ddl-auto: update). A database
-- created then already has these tables and is baselined at version 1 instead (spring.flyway.baseline-on-migrate).
CREATE TABLE coord_transaction (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    completed_at TIMESTAMP(6) WITH TIME ZONE,
    coordinator VARCHAR(256),
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    decided_at TIMESTAMP(6) WITH TIME ZONE,
    idempotency_key_hash VARCHAR(64),
    mode VARCHAR(8) NOT NULL,
    reason VARCHAR(32),
    request_hash VARCHAR(64),
    status VARCHAR(16) NOT NULL CHECK (status IN ('PREPARING', 'COMMITTED', 'ABORTED'))
);
CREATE INDEX coord_tx_created ON coord_transaction (created_at);
CREATE INDEX coord_tx_status_created ON coord_transaction (status, created_at);
CREATE INDEX coord_tx_completed ON coord_transaction (completed_at);

CREATE TABLE coord_branch (
    id VARCHAR(300) NOT NULL PRIMARY KEY,
    acknowledged BOOLEAN NOT NULL,
    operations CHARACTER LARGE OBJECT NOT NULL,
    participant VARCHAR(256) NOT NULL,
    state VARCHAR(16) NOT NULL,
    tx_id VARCHAR(36) NOT NULL,
    vote VARCHAR(8),
    vote_reason VARCHAR(32)
);
CREATE INDEX coord_branch_tx ON coord_branch (tx_id);
