package dev.distlab.participant.bank;

import java.time.Duration;

import dev.distlab.common.storage.H2GroupCommit;

/**
 * How one prepare, commit or abort runs: {@link #alone alone} (its single endpoint, or the in-doubt resolver), or as
 * one item of a batch ({@link BatchScope}). The two differ only in when the disk is forced, and so in when what must
 * follow the force happens, and in how long a prepare may still wait for a snapshot freeze.
 */
interface BranchScope {

    Runnable NOTHING = () -> { };

    /**
     * Everything committed in H2 so far must be on disk before the answer. {@code whetherOrNot} runs once the force
     * has returned or failed (e.g. releasing the locks of a branch the database no longer has PREPARED);
     * {@code onceDurable} only after it succeeded (metrics, crash points "after ... durable"). Alone, all of that
     * happens now and a failed force throws here; in a batch it happens after the batch's one force.
     */
    void force(Runnable whetherOrNot, Runnable onceDurable);

    /** A force with nothing that must follow it but the answer. */
    default void force() {
        force(NOTHING, NOTHING);
    }

    /** How long a prepare admitted now may still wait for a snapshot freeze to lift. */
    Duration freezeWaitLeft();

    /** Forces at once; a prepare waits the whole {@code freezeWait}, counted from when it asks to be admitted. */
    static BranchScope alone(H2GroupCommit disk, Duration freezeWait) {
        return new BranchScope() {
            @Override
            public void force(Runnable whetherOrNot, Runnable onceDurable) {
                try {
                    disk.force();
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
