package dev.distlab.coordinator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.distlab.configclient.fake.FakeConfigStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One coordinator over fake participants for a whole test class ({@code @RegisterExtension static}), with its own
 * data dir; before each test the fakes forget everything and the crash points go back to throwing.
 */
public final class BankFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final int participants;
    private final String[] settings;
    private List<Class<?>> configurations = List.of();
    private Path dataDir;
    private FakeCluster cluster;
    private Coordinator coordinator;

    /** {@code settings}: extra coordinator settings, {@code name=value}. */
    public BankFixture(int participants, String... settings) {
        this.participants = participants;
        this.settings = settings;
    }

    /** More configuration classes for the coordinator, e.g. {@link Spies}. */
    public BankFixture with(Class<?>... configurations) {
        this.configurations = List.of(configurations);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("coordinator-test-");
        cluster = new FakeCluster(participants);
        coordinator = Coordinator.start(dataDir, cluster, configurations, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        coordinator.close();
        cluster.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cluster.reset();
        TestCrashPoints.reset();
    }

    public FakeCluster cluster() {
        return cluster;
    }

    public FakeParticipant participant(int i) {
        return cluster.participant(i);
    }

    public FakeConfigStore store() {
        return cluster.store();
    }

    /** The coordinator's data dir (its H2 files are under {@code coordinator/}). */
    public Path dataDir() {
        return dataDir;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public Api api() {
        return coordinator.api();
    }

    /**
     * How many syncs of the history's write-ahead log ran before {@code request} was answered (201), while phase 2
     * is held back so that its own sync cannot mix in; then lets phase 2 finish.
     */
    public long syncsBeforeCommitted(Supplier<Api.Response> request) {
        cluster.participants().forEach(p -> p.failPhaseTwo(Integer.MAX_VALUE));
        Counter logSyncs = coordinator.bean(MeterRegistry.class).get("bank.history.log.syncs").counter();
        long before = (long) logSyncs.count();
        Api.Response r = request.get();
        long syncs = (long) logSyncs.count() - before;
        cluster.participants().forEach(p -> p.failPhaseTwo(0));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String txId = r.text("transactionId");
        await("transaction " + txId + " to complete").atMost(Duration.ofSeconds(10))
                .until(() -> api().get("/api/transactions/" + txId).text("completedAt") != null);
        return syncs;
    }
}
