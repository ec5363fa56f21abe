package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.storage.NioLogFileSystem;

/**
 * Establishes this replica's identity at startup, before the Paxos log is opened:
 * <ul>
 * <li>a data directory with an identity must name this cluster and this member, or the replica refuses to
 * start;</li>
 * <li>a data directory created empty asks the peers ({@link JoinCheck}) whether they remember an incarnation
 * of this member. If one does, the data directory was lost: a replica that forgot its promises must not vote,
 * so it refuses to start unless the operator re-adds it ({@code rejoin}), and then it starts as
 * {@code rejoining}. Nothing is written before that decision, so a refused start leaves the directory empty
 * and the next start is refused again;</li>
 * <li>a data directory with a log but no identity (written before identities existed) is adopted as it is.</li>
 * </ul>
 */
public final class IdentityBootstrap {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    private final Path dir;
    private final String clusterName;
    private final int memberCount;
    private final int memberId;
    private final boolean rejoin;
    private final JoinCheck joinCheck;
    private final LongSupplier clockMillis;
    private final Random random;

    public IdentityBootstrap(Path dir, String clusterName, int memberCount, int memberId, boolean rejoin,
            JoinCheck joinCheck, LongSupplier clockMillis, Random random) {
        this.dir = dir;
        this.clusterName = clusterName;
        this.memberCount = memberCount;
        this.memberId = memberId;
        this.rejoin = rejoin;
        this.joinCheck = joinCheck;
        this.clockMillis = clockMillis;
        this.random = random;
    }

    public ReplicaIdentity establish() {
        String clusterId = ClusterId.of(clusterName, memberCount);
        try {
            Optional<IdentityRecord> existing = IdentityFile.read(dir);
            if (existing.isPresent()) {
                return resume(existing.get(), clusterId);
            }
            if (holdsState()) {
                log.info("Replica {}: the data directory {} holds a log but no identity (written before identities "
                        + "existed): adopting it as member {} of cluster {}", memberId, dir, memberId, clusterId);
                return create(new IdentityRecord(clusterId, memberId, newIncarnation(0), false, Map.of()));
            }
            return join(clusterId);
        } catch (IOException e) {
            throw new IdentityRefusedException("Replica " + memberId + " cannot read or write its identity in " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    private ReplicaIdentity resume(IdentityRecord identity, String clusterId) {
        if (!identity.clusterId().equals(clusterId)) {
            throw new IdentityRefusedException("The data directory " + dir + " belongs to cluster "
                    + identity.clusterId() + ", but this replica is configured for cluster " + clusterId + " (name '"
                    + clusterName + "', " + memberCount + " members): refusing to start. Give it the cluster name "
                    + "and member list it was created with (platform.replication.cluster-name, "
                    + "platform.replication.members), or another data directory.");
        }
        if (identity.memberId() != memberId) {
            throw new IdentityRefusedException("The data directory " + dir + " is member " + identity.memberId()
                    + "'s, but this replica is configured as member " + memberId + ": refusing to start, two "
                    + "members must never share one state. Start it as member " + identity.memberId()
                    + " or give it its own data directory.");
        }
        if (rejoin && !identity.rejoining()) {
            log.info("Replica {}: its data directory is intact (incarnation {}), so rejoin has nothing to do",
                    memberId, identity.incarnation());
        }
        log.info("Replica {} of cluster {} ('{}'), incarnation {}{}", memberId, clusterId, clusterName,
                identity.incarnation(), identity.rejoining() ? ", still rejoining: it does not vote until caught up"
                        : "");
        return live(identity);
    }

    private ReplicaIdentity join(String clusterId) throws IOException {
        Map<Integer, Long> remembered = joinCheck.rememberedIncarnations(clusterId, memberId);
        long highest = 0;
        int witness = 0;
        for (Map.Entry<Integer, Long> answer : remembered.entrySet()) {
            if (answer.getValue() > highest) {
                highest = answer.getValue();
                witness = answer.getKey();
            }
        }
        if (highest > 0 && !rejoin) {
            throw new IdentityRefusedException("replica " + witness + " remembers incarnation " + highest
                    + " of this member: this data directory was lost; re-add it with ./cluster restart participant-"
                    + memberId + " --rejoin (elsewhere: start it once with platform.replication.rejoin=true). "
                    + "An empty replica must not vote in a cluster that has chosen values: it has forgotten its "
                    + "promises. Data directory: " + dir);
        }
        IdentityRecord identity = new IdentityRecord(clusterId, memberId, newIncarnation(highest), rejoin, Map.of());
        if (highest > 0) {
            log.warn("Replica {} re-added with an empty data directory (replica {} remembers incarnation {}): new "
                    + "incarnation {}, rejoining: it does not vote until it has caught up from a snapshot",
                    memberId, witness, highest, identity.incarnation());
        } else {
            log.info("Replica {} joins cluster {} ('{}') with an empty data directory, incarnation {} ({} of its "
                    + "peers answered; none remembers this member){}", memberId, clusterId, clusterName,
                    identity.incarnation(), remembered.size(), rejoin ? ", rejoining as asked" : "");
        }
        return create(identity);
    }

    private ReplicaIdentity create(IdentityRecord identity) throws IOException {
        NioLogFileSystem.INSTANCE.createDirectories(dir.toAbsolutePath()); // and forces their entries
        IdentityFile.write(dir, identity);
        return live(identity);
    }

    private ReplicaIdentity live(IdentityRecord identity) {
        return new ReplicaIdentity(clusterName, identity, updated -> IdentityFile.write(dir, updated));
    }

    /** Whether the directory holds anything but a half-written identity. */
    private boolean holdsState() throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(entry -> !entry.getFileName().toString().startsWith(IdentityFile.NAME));
        }
    }

    /**
     * Later incarnations compare higher: the creation time in the high bits (and above every one a peer
     * remembers, in case this clock is behind), 16 random bits below, so that two copies made in the same
     * millisecond still differ.
     */
    private long newIncarnation(long highestRemembered) {
        long fromClock = (clockMillis.getAsLong() << 16) | random.nextInt(1 << 16);
        return Math.max(fromClock, highestRemembered + 1);
    }
}
