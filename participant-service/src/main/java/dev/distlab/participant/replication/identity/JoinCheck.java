package dev.distlab.participant.replication.identity;

import java.util.Map;

/** Asks the peers, at the startup of a replica with an empty data directory, what they remember of it. */
@FunctionalInterface
public interface JoinCheck {

    /**
     * The incarnation of member {@code memberId} that each peer which answered remembers (0: none), by peer id.
     * Peers that do not answer within the check's bounded time are absent.
     */
    Map<Integer, Long> rememberedIncarnations(String clusterId, int memberId);
}
