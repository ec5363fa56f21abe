package dev.distlab.participant.replication;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.distlab.paxos.node.NodeMetrics;
import dev.distlab.paxos.node.ReplicaStatus;

/** The config store's meters in /actuator/prometheus, all named {@code paxos_*}. */
class ReplicationMetrics implements NodeMetrics {

    private final Counter proposals;
    private final Counter commands;
    private final Timer commitLatency;
    private final Counter leaderChanges;
    private final Counter snapshotsTaken;
    private final Counter snapshotsInstalled;

    ReplicationMetrics(MeterRegistry registry, Supplier<ReplicaStatus> status) {
        proposals = Counter.builder("paxos.proposals").description("Commands proposed by this replica as leader")
                .register(registry);
        commands = Counter.builder("paxos.commands.applied").description("Commands applied to the state machine")
                .register(registry);
        commitLatency = Timer.builder("paxos.commit.latency")
                .description("From proposal to applied, for writes proposed on this replica")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        leaderChanges = Counter.builder("paxos.leader.changes").description("Leaders this replica has seen take over")
                .register(registry);
        snapshotsTaken = Counter.builder("paxos.snapshots").tag("kind", "taken").register(registry);
        snapshotsInstalled = Counter.builder("paxos.snapshots").tag("kind", "installed")
                .description("State machine snapshots taken here, or installed from the leader to catch up")
                .register(registry);
        Gauge.builder("paxos.commit.index", () -> status.get().commitIndex()).register(registry);
        Gauge.builder("paxos.applied.index", () -> status.get().appliedIndex()).register(registry);
        Gauge.builder("paxos.log.length", () -> status.get().lastSlot() - status.get().snapshotIndex())
                .description("Log slots kept above the last snapshot").register(registry);
        Gauge.builder("paxos.is.leader", () -> "leader".equals(status.get().role()) ? 1 : 0).register(registry);
        Gauge.builder("paxos.store.revision", () -> status.get().revision()).register(registry);
    }

    @Override
    public void proposed() {
        proposals.increment();
    }

    @Override
    public void applied(int count) {
        commands.increment(count);
    }

    @Override
    public void committed(long nanos) {
        commitLatency.record(Duration.ofNanos(nanos));
    }

    @Override
    public void leaderChanged() {
        leaderChanges.increment();
    }

    @Override
    public void snapshotTaken() {
        snapshotsTaken.increment();
    }

    @Override
    public void snapshotInstalled() {
        snapshotsInstalled.increment();
    }

    /** paxos_store_bytes, paxos_store_quota_bytes and paxos_store_quota_alarm (1 while writes are refused). */
    void quota(MeterRegistry registry, Supplier<ReplicaDriver> driver) {
        Gauge.builder("paxos.store.bytes", () -> driver.get().storeBytes()).baseUnit("bytes")
                .description("Characters of keys and values in the config store").register(registry);
        Gauge.builder("paxos.store.quota.bytes", () -> driver.get().quotaBytes()).baseUnit("bytes")
                .description("The config store's space quota").register(registry);
        Gauge.builder("paxos.store.quota.alarm", () -> driver.get().quotaAlarm() ? 1 : 0)
                .description("1 while writes are refused for space (507), until deletes made room").register(registry);
    }
}
