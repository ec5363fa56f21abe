package dev.distlab.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.fake.FakeConfigStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The coordinator's config store client sends through its calls between services: the outgoing faults act on it, and
 * what it retries on another replica still goes by whether a request was sent.
 */
class StoreClientFaultsTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final OutgoingFaults faults = new OutgoingFaults(registry);
    private FakeConfigStore one;
    private FakeConfigStore two;
    private ConfigClient store;

    @BeforeEach
    void start() {
        one = FakeConfigStore.start("token");
        two = FakeConfigStore.start("token");
        faults.name(one.uri(), "participant-1");
        store = CoordinatorConfiguration.storeClient(List.of(one.uri(), two.uri()), "token",
                Duration.ofMillis(300), faults, RestClient.builder());
    }

    @AfterEach
    void stop() {
        store.close();
        one.close();
        two.close();
    }

    @Test
    void shouldWriteToTheNextReplicaWhenAFailFaultRefusesTheFirst() {
        registry.add(FaultSpec.of("fail", "out", "participant-1", null, null, null, null, null));

        assertThat(store.putIfAbsent("tx/t-1/decision", "COMMIT").value()).isEqualTo("COMMIT");
        assertThat(one.count("PUT")).as("the refused write never left").isZero();
        assertThat(two.value("tx/t-1/decision")).isEqualTo("COMMIT");
    }

    @Test
    void shouldNotWriteAgainElsewhereWhenADropFaultLeavesTheOutcomeUnknown() {
        registry.add(FaultSpec.of("drop", "out", "participant-1", "/api/config", null, null, null, null));

        assertThatThrownBy(() -> store.putIfAbsent("tx/t-1/decision", "COMMIT"))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(one.count("PUT")).isZero();
        assertThat(two.count("PUT")).as("a write that got no answer in time is not sent again").isZero();
    }
}
