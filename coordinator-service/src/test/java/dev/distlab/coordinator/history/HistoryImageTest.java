package dev.distlab.coordinator.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Images of the history's rows: what the log holds, and which image may move a row on at replay. */
class HistoryImageTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00.123456Z");

    @Test
    void shouldComeBackFromItsBytesAsItWasWritten() {
        HistoryImage image = new HistoryImage("tx-1", TxStatus.COMMITTED, null, "local", "coordinator-1", T0,
                T0.plusMillis(5), null, "key-hash", "request-hash",
                List.of(new HistoryImage.Branch("participant-1", "[{\"account\":\"alice\",\"delta\":-5}]", "YES", null,
                        "COMMITTED", true)));
        assertThat(HistoryImage.fromBytes(image.toBytes())).isEqualTo(image);
    }

    @Test
    void shouldMoveARowOnlyForwardWhateverOrderTheImagesArriveIn() {
        TransactionRecord preparing = begun();
        TransactionRecord decided = begun();
        decided.advanceTo(image(TxStatus.ABORTED, null));
        TransactionRecord completed = begun();
        completed.advanceTo(image(TxStatus.ABORTED, T0.plusSeconds(1)));

        HistoryImage decision = image(TxStatus.ABORTED, null);
        HistoryImage completion = image(TxStatus.ABORTED, T0.plusSeconds(1));
        assertThat(decision.isAheadOf(preparing)).isTrue();
        assertThat(completion.isAheadOf(decided)).isTrue();
        assertThat(decision.isAheadOf(completed)).as("a decision logged after the completion").isFalse();
        assertThat(image(TxStatus.PREPARING, null).isAheadOf(decided)).as("the begin, replayed").isFalse();
        assertThat(decision.isAheadOf(decided)).isFalse();
    }

    private static TransactionRecord begun() {
        return new TransactionRecord("tx-1", "local", "coordinator-1", T0, null, null);
    }

    private static HistoryImage image(TxStatus status, Instant completedAt) {
        return new HistoryImage("tx-1", status, status.isDecided() ? "TIMEOUT" : null, "local", "coordinator-1", T0,
                status.isDecided() ? T0 : null, completedAt, null, null, List.of());
    }
}
