package dev.distlab.participant.bank;

import java.time.Duration;

/**
 * How one prepare, commit or abort runs: {@link #alone alone} (its single endpoint, or the in-doubt resolver), or as
 * one item of a batch ({@link BatchScope}). The two differ only in when the changes reach the write-ahead log and
 * its sync, and so in when what must follow the sync happens, and in how long a prepare may still wait for a
 * snapshot freeze.
 */
interface BranchScope {

    Runnable NOTHING = () -> { };

    /**
     * {@code changes} (the images of rows just committed in H2; none for a repeated answer) and everything logged
     * before must be on disk before the answer. {@code whetherOrNot} runs once the sync has returned or failed (e.g.
     * releasing the locks of a branch the database no longer has PREPARED); {@code onceDurable} only after it
     * succeeded (metrics, crash points "after ... durable"). Alone, all of that happens now and a failed sync throws
     * here; in a batch it happens after the batch's one sync.
     */
    void force(BankImage changes, Runnable whetherOrNot, Runnable onceDurable);

    /** A repeated answer: what it repeats must be on disk, and nothing must follow but the answer. */
    default void force() {
        force(BankImage.NONE, NOTHING, NOTHING);
    }

    /** How long a prepare admitted now may still wait for a snapshot freeze to lift. */
    Duration freezeWaitLeft();

    /**
     * Logs and syncs at once (the caller holds the transaction's lock); a prepare waits the whole
     * {@code freezeWait}, counted from when it asks to be admitted.
     */
    static BranchScope alone(BankLog log, Duration freezeWait) {
        return new BranchScope() {
            @Override
            public void force(BankImage changes, Runnable whetherOrNot, Runnable onceDurable) {
                try {
                    log.append(changes);
                    log.sync();
                } finally {
                    whetherOrNot.run();
                }
                onceDurable.run();
            }

            @Override
            public Duration freezeWaitLeft() {
                return freezeWait;
            }
        };
    }
}
