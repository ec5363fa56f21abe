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
        ReplicationProperties properties = new ReplicationProperties();
        properties.setMembers(List.of("http://127.0.0.1:1"));
        properties.setTick(java.time.Duration.ofMillis(10));
        settings.accept(properties);
        ReplicaDriver[] self = new ReplicaDriver[1];
        Map<Integer, String> members = Map.of(1, "http://127.0.0.1:1");
        driver = new ReplicaDriver(1, PaxosConfig.ofSize(1), properties, dir, new PeerTransport(Map.of(), "t", Map.of(), NoFaults.hook()),
                new LeaderClient(members, "t", Map.of(), HttpClient.newHttpClient()),
                new SnapshotFetcher(members, "t", Map.of(), HttpClient.newHttpClient()),
                new IdentityBootstrap(dir, "test", 1, 1, false, (cluster, member) -> Map.of(),
                        System::currentTimeMillis, new Random(1)).establish(),
                new ReplicationMetrics(new SimpleMeterRegistry(), () -> self[0].status()), "participant-1",
                (why, cause) -> fatal.add(why));
        self[0] = driver;
        driver.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> driver.status().role().equals("leader"));
    }

    @Override
    public void close() {
        driver.stop();
    }
}
