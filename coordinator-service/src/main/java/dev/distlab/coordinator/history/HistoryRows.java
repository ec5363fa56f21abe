package dev.distlab.coordinator.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlab.coordinator.history.TransactionHistory.BranchVote;

/**
 * The statements every transfer makes on the history's rows (begin, votes, decision, acknowledgements,
 * completion) and the reads of the images they log, in plain JDBC: through JPA they took a fifth of the
 * coordinator's CPU (entity state, dirty checks, JPQL parsed on every call, flushes between the writes of a
 * group). The rows are the ones the entities {@link TransactionRecord} and {@link BranchRecord} map, written as
 * Hibernate wrote them: enums by name, instants as {@code timestamp(6) with time zone} at UTC.
 * <p>
 * Every call runs in the caller's transaction: the {@link JdbcTemplate} uses the connection that the
 * {@code JpaTransactionManager} bound for it, so a rolled-back transaction takes these statements back too.
 */
final class HistoryRows {

    private static final String INSERT_TRANSACTION = "insert into coord_transaction (id, status, reason, mode, "
            + "coordinator, created_at, decided_at, completed_at, idempotency_key_hash, request_hash, heuristic) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)";
    private static final String INSERT_BRANCH = "insert into coord_branch (id, tx_id, participant, operations, vote, "
            + "vote_reason, state, acknowledged) values (?, ?, ?, ?, ?, ?, ?, ?)";
    /** A vote without a state (none arrived) leaves the branch's state as it is. */
    private static final String RECORD_VOTE = "update coord_branch set vote = ?, vote_reason = ?, "
            + "state = coalesce(?, state) where id = ?";
    private static final String DECIDE_IF_PREPARING = "update coord_transaction set status = ?, reason = ?, "
            + "decided_at = ? where id = ? and status = ?";
    /** The vote a branch lacks is filled in with the one its acknowledgement implies (see {@link #acknowledge}). */
    private static final String ACKNOWLEDGE = "update coord_branch set state = ?, acknowledged = true, "
            + "vote = coalesce(vote, ?) where id = ?";
    private static final String MARK_HEURISTIC = "update coord_transaction set heuristic = true where id = ?";
    private static final String COMPLETE = "update coord_transaction set completed_at = ? where id = ? "
            + "and completed_at is null";
    private static final String TRANSACTION_COLUMNS = "t.id, t.status, t.reason, t.mode, t.coordinator, "
            + "t.created_at, t.decided_at, t.completed_at, t.idempotency_key_hash, t.request_hash";
    private static final String SELECT_TRANSACTION = "select " + TRANSACTION_COLUMNS
            + " from coord_transaction t where t.id = ?";
    /** One row per branch, by participant id (one row with null branch columns for a transaction without any). */
    private static final String SELECT_TRANSACTION_AND_BRANCHES = "select " + TRANSACTION_COLUMNS
            + ", b.participant, b.operations, b.vote, b.vote_reason, b.state, b.acknowledged "
            + "from coord_transaction t left join coord_branch b on b.tx_id = t.id where t.id = ? "
            + "order by b.participant";

    private final JdbcTemplate jdbc;

    HistoryRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the transaction and the branches the image holds, with the image's values. */
    void insert(HistoryImage image) {
        jdbc.update(INSERT_TRANSACTION, ps -> {
            ps.setString(1, image.id());
            ps.setString(2, image.status().name());
            ps.setString(3, image.reason());
            ps.setString(4, image.mode());
            ps.setString(5, image.coordinator());
            setInstant(ps, 6, image.createdAt());
            setInstant(ps, 7, image.decidedAt());
            setInstant(ps, 8, image.completedAt());
            ps.setString(9, image.idempotencyKeyHash());
            ps.setString(10, image.requestHash());
        });
        if (image.branches().isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT_BRANCH, image.branches(), image.branches().size(), (ps, b) -> {
            ps.setString(1, BranchRecord.idOf(image.id(), b.participant()));
            ps.setString(2, image.id());
            ps.setString(3, b.participant());
            ps.setString(4, b.operations());
            ps.setString(5, b.vote());
            ps.setString(6, b.voteReason());
            ps.setString(7, b.state());
            ps.setBoolean(8, b.acknowledged());
        });
    }

    /** Each branch's vote; a branch the history does not have is skipped. */
    void recordVotes(String txId, List<BranchVote> votes) {
        jdbc.batchUpdate(RECORD_VOTE, votes, votes.size(), (ps, v) -> {
            ps.setString(1, v.vote());
            ps.setString(2, v.reason());
            ps.setString(3, v.state());
            ps.setString(4, BranchRecord.idOf(txId, v.participant()));
        });
    }

    /** Moves the transaction to {@code decision} if it is PREPARING: 1 if it did, 0 if decided or unknown. */
    int decideIfPreparing(String txId, TxStatus decision, String reason, Instant now) {
        return jdbc.update(DECIDE_IF_PREPARING, ps -> {
            ps.setString(1, decision.name());
            ps.setString(2, reason);
            setInstant(ps, 3, now);
            ps.setString(4, txId);
            ps.setString(5, TxStatus.PREPARING.name());
        });
    }

    /**
     * The branch is in {@code state} at its participant and acknowledged phase 2. A COMMITTED branch without a
     * vote gets YES: only a branch that voted YES can commit, its vote's record was lost in a crash.
     */
    void acknowledge(String txId, String participant, String state) {
        jdbc.update(ACKNOWLEDGE, ps -> {
            ps.setString(1, state);
            ps.setString(2, "COMMITTED".equals(state) ? "YES" : null);
            ps.setString(3, BranchRecord.idOf(txId, participant));
        });
    }

    void markHeuristic(String txId) {
        jdbc.update(MARK_HEURISTIC, ps -> ps.setString(1, txId));
    }

    /** Stamps the transaction completed at {@code now}, unless it already is (the first completion stays). */
    void complete(String txId, Instant now) {
        jdbc.update(COMPLETE, ps -> {
            setInstant(ps, 1, now);
            ps.setString(2, txId);
        });
    }

    /** The transaction's row as this database transaction sees it, without branches; null if unknown. */
    HistoryImage image(String txId) {
        return jdbc.query(SELECT_TRANSACTION, ps -> ps.setString(1, txId),
                rs -> rs.next() ? image(rs) : null);
    }

    /** The transaction's row with its branches, by participant id; null if unknown. */
    HistoryImage imageWithBranches(String txId) {
        return jdbc.query(SELECT_TRANSACTION_AND_BRANCHES, ps -> ps.setString(1, txId), rs -> {
            if (!rs.next()) {
                return null;
            }
            HistoryImage transaction = image(rs);
            List<HistoryImage.Branch> branches = new ArrayList<>();
            do {
                if (rs.getString("participant") != null) {
                    branches.add(new HistoryImage.Branch(rs.getString("participant"), rs.getString("operations"),
                            rs.getString("vote"), rs.getString("vote_reason"), rs.getString("state"),
                            rs.getBoolean("acknowledged")));
                }
            } while (rs.next());
            return transaction.withBranches(branches);
        });
    }

    /** The transaction columns of the current row, without branches. */
    private static HistoryImage image(ResultSet rs) throws SQLException {
        return new HistoryImage(rs.getString("id"), TxStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                rs.getString("mode"), rs.getString("coordinator"), instant(rs, "created_at"),
                instant(rs, "decided_at"), instant(rs, "completed_at"), rs.getString("idempotency_key_hash"),
                rs.getString("request_hash"), List.of());
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
