package dev.distlab.participant.replication;

import java.util.function.Function;

import dev.distlab.participant.config.StoreQuotaExceededException;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvStateMachine;

/**
 * The config store's space quota (etcd's {@code --quota-backend-bytes}): a write that would take the keys and
 * values past it is refused before it is proposed, so it changes nothing; reads and deletes go on. The alarm
 * is raised by a refusal and lowered once deletes brought the store under {@value #CLEAR_PERCENT} % of the
 * quota, so that it does not flicker with every write at the limit.
 */
final class SpaceQuota {

    static final int CLEAR_PERCENT = 90;

    private final long quotaBytes;
    private volatile boolean alarm;

    SpaceQuota(long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    long quotaBytes() {
        return quotaBytes;
    }

    /** Raised by a refusal; lowered once {@code usedBytes} has fallen under {@value #CLEAR_PERCENT} % of the quota. */
    boolean alarm(long usedBytes) {
        if (alarm && usedBytes * 100 < quotaBytes * CLEAR_PERCENT) {
            alarm = false;
        }
        return alarm;
    }

    /** Refuses a put that would exceed the quota; {@code read} queries the state machine. */
    void admit(KvCommand command, Function<Function<KvStateMachine, Long>, Long> read) {
        if (command.type() != KvCommand.Type.PUT) {
            return;
        }
        long after = read.apply(kv -> {
            KvEntry current = kv.get(command.key());
            long replaced = current == null ? 0 : current.key().length() + current.value().length();
            return kv.dataBytes() - replaced + command.key().length() + command.value().length();
        });
        if (after > quotaBytes) {
            alarm = true;
            throw new StoreQuotaExceededException("this write would bring the keys and values to " + after
                    + " bytes, over the quota of " + quotaBytes + " (platform.replication.quota-bytes)");
        }
    }
}
