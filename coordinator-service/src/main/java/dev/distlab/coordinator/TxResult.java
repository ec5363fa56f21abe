package dev.distlab.coordinator;

/**
 * What a client is told about its transaction: {@code COMMITTED}, {@code ABORTED} with a reason, or
 * {@code UNKNOWN} when the outcome could not be learned in time.
 */
public record TxResult(String transactionId, String status, String reason) {

    public static final String COMMITTED = "COMMITTED";
    public static final String ABORTED = "ABORTED";
    public static final String UNKNOWN = "UNKNOWN";

    public static TxResult committed(String txId) {
        return new TxResult(txId, COMMITTED, null);
    }

    public static TxResult aborted(String txId, String reason) {
        return new TxResult(txId, ABORTED, reason == null ? "ABORTED" : reason);
    }

    public static TxResult unknown(String txId) {
        return new TxResult(txId, UNKNOWN, UNKNOWN);
    }

    public boolean isCommitted() {
        return COMMITTED.equals(status);
    }

    public boolean isFinal() {
        return COMMITTED.equals(status) || ABORTED.equals(status);
    }
}
