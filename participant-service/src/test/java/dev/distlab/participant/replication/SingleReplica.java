package dev.distlab.participant.replication;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.distlab.participant.replication.identity.IdentityBootstrap;
import dev.distlab.paxos.core.PaxosConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A one-member config store (a majority of one) on a real disk, whose fatal errors are only recorded. */
final class SingleReplica implements AutoCloseable {

    final List<String> fatal = new CopyOnWriteArrayList<>();
    final ReplicaDriver driver;

    SingleReplica(Path dir, Consumer<ReplicationProperties> settings) {
        this(dir, 1, settings, UnsafeReplicaConfiguration.Settings.SAFE);
    }

    /**
     * Member 1 of {@code size}; with more than one, the others never answer (nothing listens on port 1), so it
     * never leads and linearizable requests fail. {@code unsafe}: the planted bugs it runs with.
     */
    SingleReplica(Path dir, int size, Consumer<ReplicationProperties> settings,
            UnsafeReplicaConfiguration.Settings unsafe) {
        ReplicationProperties properties = new ReplicationProperties();
        properties.setMembers(java.util.Collections.nCopies(size, "http://127.0.0.1:1"));
        properties.setTick(java.time.Duration.ofMillis(10));
        settings.accept(properties);
        ReplicaDriver[] self = new ReplicaDriver[1];
        Map<Integer, String> members = new java.util.HashMap<>();
        for (int i = 1; i <= size; i++) {
            members.put(i, "http://127.0.0.1:1");
        }
        Map<Integer, String> peers = new java.util.HashMap<>(members);
        peers.remove(1);
        driver = new ReplicaDriver(1, PaxosConfig.ofSize(size), properties, dir, new PeerTransport(peers, "t", Map.of(), NoFaults.hook()),
                new LeaderClient(members, "t", Map.of(), NoFaults.hook()),
                new SnapshotFetcher(members, "t", Map.of(), HttpClient.newHttpClient()),
                new IdentityBootstrap(dir, "test", size, 1, false, (cluster, member) -> Map.of(),
                        System::currentTimeMillis, new Random(1)).establish(),
                new ReplicationMetrics(new SimpleMeterRegistry(), () -> self[0].status()), "participant-1",
                (why, cause) -> fatal.add(why));
        self[0] = driver;
        driver.runUnsafely(unsafe);
        driver.start();
        if (size == 1) {
            await().atMost(5, TimeUnit.SECONDS).until(() -> driver.status().role().equals("leader"));
        }
    }

    @Override
    public void close() {
        driver.stop();
    }
}
