package dev.distlab.paxos.core;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Static membership and the protocol's knobs, all counted in ticks, slots or commands. */
public final class PaxosConfig {
    private final List<Integer> members;
    private final int heartbeatTicks;
    private final int electionTicks;
    private final int maxBatchCommands;
    private final int maxInflightSlots;
    private final int maxEntriesPerMessage;

    private PaxosConfig(List<Integer> members, int heartbeatTicks, int electionTicks, int maxBatchCommands,
                        int maxInflightSlots, int maxEntriesPerMessage) {
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks");
        }
        this.members = List.copyOf(members);
        this.heartbeatTicks = heartbeatTicks;
        this.electionTicks = electionTicks;
        this.maxBatchCommands = maxBatchCommands;
        this.maxInflightSlots = maxInflightSlots;
        this.maxEntriesPerMessage = maxEntriesPerMessage;
    }

    /** Members 1..n with defaults: heartbeat every 2 ticks, election after 10-19 silent ticks. */
    public static PaxosConfig ofSize(int n) {
        List<Integer> ids = IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
        return new PaxosConfig(ids, 2, 10, 64, 128, 64);
    }

    public PaxosConfig withTicks(int heartbeat, int election) {
        return new PaxosConfig(members, heartbeat, election, maxBatchCommands, maxInflightSlots, maxEntriesPerMessage);
    }

    public PaxosConfig withLimits(int batchCommands, int inflightSlots, int entriesPerMessage) {
        return new PaxosConfig(members, heartbeatTicks, electionTicks, batchCommands, inflightSlots, entriesPerMessage);
    }

    public List<Integer> members() {
        return members;
    }

    public int majority() {
        return members.size() / 2 + 1;
    }

    public int heartbeatTicks() {
        return heartbeatTicks;
    }

    /** Base election timeout; the actual one is drawn from [electionTicks, 2 * electionTicks). */
    public int electionTicks() {
        return electionTicks;
    }

    public int maxBatchCommands() {
        return maxBatchCommands;
    }

    public int maxInflightSlots() {
        return maxInflightSlots;
    }

    public int maxEntriesPerMessage() {
        return maxEntriesPerMessage;
    }
}
