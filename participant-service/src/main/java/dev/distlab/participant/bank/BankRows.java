package dev.distlab.participant.bank;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlab.participant.bank.BankImage.AccountRow;
import dev.distlab.participant.bank.BankImage.BranchRow;

/**
 * The statements of every prepare, commit and abort on the bank's rows (reading a branch and the accounts it
 * names, inserting a branch, ending it, changing balances), in plain JDBC: through Spring Data JPA they took about
 * a fifth of the participant's CPU (entities loaded and dirty-checked, flushes, each batch's persistence context).
 * The rows are the ones the entities {@link Account} and {@link Branch} map, written as Hibernate wrote them: enums
 * by name, instants as {@code timestamp(6) with time zone} at UTC. Nothing here loads an entity, so no persistence
 * context can hold a row these statements changed.
 * <p>
 * Every call runs in the caller's transaction, if there is one: the {@link JdbcTemplate} uses the connection that
 * the {@code JpaTransactionManager} bound for it, so a rolled-back transaction takes these statements back too.
 */
final class BankRows {

    private static final String BRANCH_COLUMNS = "tx_id, state, vote, reason, coordinator, coordinator_url, mode, "
            + "participants, operations, prepared_at, decided_at";
    private static final String SELECT_BRANCH = "select " + BRANCH_COLUMNS + " from bank_branch where tx_id = ?";
    private static final String INSERT_BRANCH = "insert into bank_branch (" + BRANCH_COLUMNS + ") "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DECIDE_PREPARED = "update bank_branch set state = ?, decided_at = ? "
            + "where tx_id = ? and state = '" + BranchState.PREPARED.name() + "'";
    /** One statement text for any number of accounts (an array parameter), which H2 answers from the key's index. */
    private static final String SELECT_ACCOUNTS = "select id, balance, created_at, version from bank_account "
            + "where id = any(?)";
    private static final String UPDATE_BALANCE = "update bank_account set balance = ?, version = ? "
            + "where id = ? and version = ?";

    private final JdbcTemplate jdbc;

    BankRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The branch's row; null if there is none. */
    BranchRow branch(String txId) {
        return jdbc.query(SELECT_BRANCH, ps -> ps.setString(1, txId), rs -> rs.next() ? branch(rs) : null);
    }

    /** Inserts a new branch; a branch already recorded with that id fails it (DuplicateKeyException). */
    void insert(BranchRow b) {
        jdbc.update(INSERT_BRANCH, ps -> {
            ps.setString(1, b.txId());
            ps.setString(2, b.state().name());
            ps.setString(3, b.vote());
            ps.setString(4, b.reason());
            ps.setString(5, b.coordinator());
            ps.setString(6, b.coordinatorUrl());
            ps.setString(7, b.mode());
            ps.setString(8, b.participants());
            ps.setString(9, b.operations());
            setInstant(ps, 10, b.preparedAt());
            setInstant(ps, 11, b.decidedAt());
        });
    }

    /**
     * Ends a PREPARED branch as {@code decided} says (its state and decision time). Throws if the branch is not
     * PREPARED in the database: the caller holds its transaction's lock and has just seen it PREPARED.
     */
    void decide(BranchRow decided) {
        int changed = jdbc.update(DECIDE_PREPARED, ps -> {
            ps.setString(1, decided.state().name());
            setInstant(ps, 2, decided.decidedAt());
            ps.setString(3, decided.txId());
        });
        if (changed != 1) {
            throw new IllegalStateException("branch " + decided.txId() + " is no longer PREPARED in the database; "
                    + "it cannot end " + decided.state());
        }
    }

    /** The rows of those of {@code ids} that exist, by id. */
    Map<String, AccountRow> accounts(Collection<String> ids) {
        Map<String, AccountRow> found = new HashMap<>();
        jdbc.query(SELECT_ACCOUNTS, ps -> ps.setObject(1, ids.toArray(String[]::new)), rs -> {
            found.put(rs.getString("id"), new AccountRow(rs.getString("id"), rs.getLong("balance"),
                    instant(rs, "created_at"), rs.getLong("version")));
        });
        return found;
    }

    /**
     * Writes the balance and version of each of {@code changed} over the row {@code read} had for it. Throws if a row
     * is gone or its version moved since it was read: the caller holds the account's lock, so nothing else may have
     * changed it.
     */
    void updateBalances(Collection<AccountRow> changed, Map<String, AccountRow> read) {
        List<AccountRow> rows = new ArrayList<>(changed);
        int[][] counts = jdbc.batchUpdate(UPDATE_BALANCE, rows, rows.size(), (ps, a) -> {
            ps.setLong(1, a.balance());
            ps.setLong(2, a.version());
            ps.setString(3, a.id());
            ps.setLong(4, read.get(a.id()).version());
        });
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 1) {
                    AccountRow a = rows.get(i);
                    throw new IllegalStateException("account " + a.id() + " is gone or changed since version "
                            + read.get(a.id()).version() + " was read under its lock");
                }
                i++;
            }
        }
    }

    private static BranchRow branch(ResultSet rs) throws SQLException {
        return new BranchRow(rs.getString("tx_id"), BranchState.valueOf(rs.getString("state")), rs.getString("vote"),
                rs.getString("reason"), rs.getString("coordinator"), rs.getString("coordinator_url"),
                rs.getString("mode"), rs.getString("participants"), rs.getString("operations"),
                instant(rs, "prepared_at"), instant(rs, "decided_at"));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
