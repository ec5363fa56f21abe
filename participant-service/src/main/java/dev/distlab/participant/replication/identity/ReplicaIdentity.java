package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's identity while it runs (see {@link IdentityBootstrap} for how it is established at startup):
 * who it is, whether it is still catching up after being re-added, and the latest incarnation heard from each
 * peer. Every change is persisted (fsynced) before the method returns, so what it says survives a crash.
 */
public class ReplicaIdentity {

    private static final Logger log = LoggerFactory.getLogger(ReplicaIdentity.class);

    /** Where changes go: {@link IdentityFile#write} in production. */
    @FunctionalInterface
    public interface Store {
        void write(IdentityRecord identity) throws IOException;
    }

    private final String clusterName;
    private final Store store;
    private final Map<String, String> requestHeaders;
    /** The incarnations in {@link #current}, readable without the lock (the peer guard's fast path). */
    private final Map<Integer, Long> heard = new ConcurrentHashMap<>();
    private volatile IdentityRecord current;

    public ReplicaIdentity(String clusterName, IdentityRecord identity, Store store) {
        this.clusterName = clusterName;
        this.store = store;
        this.current = identity;
        this.heard.putAll(identity.peers());
        this.requestHeaders = PeerHeaders.of(identity.clusterId(), identity.memberId(), identity.incarnation());
    }

    public String clusterName() {
        return clusterName;
    }

    public String clusterId() {
        return current.clusterId();
    }

    public int memberId() {
        return current.memberId();
    }

    public long incarnation() {
        return current.incarnation();
    }

    /**
     * Whether this replica was re-added after losing its data directory and has not yet caught up: until
     * {@link #markCaughtUp()}, it must not vote (promise or accept), only learn.
     */
    public boolean rejoining() {
        return current.rejoining();
    }

    /** Persists that this replica has caught up after rejoining: from now on it votes again, across restarts. */
    public synchronized void markCaughtUp() {
        if (!current.rejoining()) {
            return;
        }
        IdentityRecord updated = current.withRejoining(false);
        try {
            store.write(updated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record in the identity file that replica " + memberId()
                    + " has caught up", e);
        }
        current = updated;
        log.info("Replica {} (incarnation {}) has caught up after rejoining: it votes again", memberId(),
                incarnation());
    }

    /** The headers every request to a peer carries. */
    public Map<String, String> requestHeaders() {
        return requestHeaders;
    }

    /** The whole identity as it is on disk now. */
    public IdentityRecord snapshot() {
        return current;
    }

    /** The latest incarnation heard from {@code member}, 0 if none. */
    public long heardFrom(int member) {
        return heard.getOrDefault(member, 0L);
    }

    /**
     * Records {@code incarnation} of {@code member} durably if it is newer than the one recorded; returns the
     * incarnation recorded before (an older or equal one leaves the record as it is).
     */
    synchronized long recordPeer(int member, long incarnation) throws IOException {
        long before = current.peerIncarnation(member);
        if (incarnation > before) {
            IdentityRecord updated = current.withPeer(member, incarnation);
            store.write(updated);
            current = updated;
            heard.put(member, incarnation);
            if (before == 0) {
                log.info("First message from replica {} (incarnation {}), recorded", member, incarnation);
            } else {
                log.warn("Replica {} has a new incarnation {} (was {}): it was re-added with a new data directory; "
                        + "messages from incarnation {} are refused from now on", member, incarnation, before, before);
            }
        }
        return before;
    }
}
