-- The bank shard's schema exactly as Hibernate's ddl-auto created it before Flyway was used (H2 dialect), so a
-- database created then is baselined at version 1 (spring.flyway.baseline-on-migrate) and migrated from here.
create table bank_account (balance bigint not null, created_at timestamp(6) with time zone not null, id varchar(64) not null, primary key (id));
create table bank_branch (decided_at timestamp(6) with time zone, mode varchar(8), prepared_at timestamp(6) with time zone, vote varchar(8), state varchar(16) not null check ((state in ('PREPARED','COMMITTED','ABORTED'))), reason varchar(32), tx_id varchar(64) not null, coordinator varchar(256), coordinator_url varchar(2048), operations clob, participants clob, primary key (tx_id));
create index bank_branch_state on bank_branch (state);
