package dev.distlab.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.FaultSpec;
import dev.distlab.common.fault.OutgoingFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The outgoing faults on calls made with {@link ServiceCalls} against a real local callee: what reaches it and what
 * the caller sees under each fault ({@code FaultInjectingHttpClientTest} does the same for the JDK client's wrapper).
 */
class ServiceCallsFaultsTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final OutgoingFaults faults = new OutgoingFaults(registry);
    private final ServiceCalls calls = new ServiceCalls(RestClient.builder(), faults, Duration.ofSeconds(1));
    private Callee callee;
    private URI uri;

    @BeforeEach
    void start() throws IOException {
        callee = new Callee();
        uri = callee.uri("/internal/x");
    }

    @AfterEach
    void stop() {
        callee.close();
    }

    private String call(Duration timeout) {
        return calls.within(timeout).get().uri(uri).retrieve().body(String.class);
    }

    /** What the caller gets from {@link ServiceCalls#cause} for a call that got no answer. */
    private IOException failure(Duration timeout) {
        return ServiceCalls.cause(catchThrowableOfType(ResourceAccessException.class, () -> call(timeout)));
    }

    @Test
    void shouldPassCallsThroughAndLearnTheInstanceIdWithoutFaults() {
        assertThat(call(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThat(faults.nameOf(uri)).isEqualTo(Callee.INSTANCE_ID);
        assertThat(callee.requests).hasSize(1);
    }

    @Test
    void shouldRefuseAtOnceOnFailByLearntInstanceId() {
        call(Duration.ofSeconds(5));
        registry.add(FaultSpec.of("fail", "out", Callee.INSTANCE_ID, null, null, null, null, null));

        assertThat(failure(Duration.ofSeconds(5))).isInstanceOf(ConnectException.class).hasMessageContaining("f-1");
        assertThat(callee.requests).as("nothing reached the callee after the fault").hasSize(1);
    }

    @Test
    void shouldHangUntilTheCallsTimeoutOnDropThenTimeOut() {
        registry.add(FaultSpec.of("drop", "out", "*", "/internal", null, null, null, 60_000L));

        assertThat(failure(Duration.ofMillis(100))).isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("dropped");
        assertThat(registry.active().get(0).fired()).isEqualTo(1);
        assertThat(callee.requests).isEmpty();
    }

    @Test
    void shouldLetADroppedCallGoOutWhenTheFaultEndsBeforeItsTimeout() {
        registry.add(FaultSpec.of("drop", "out", "*", null, null, null, null, 150L));

        assertThat(call(Duration.ofSeconds(30))).isEqualTo("ok");
        assertThat(callee.requests).hasSize(1);
    }

    @Test
    void shouldDelayAndThenSend() {
        registry.add(FaultSpec.of("delay", "out", "*", null, null, 50L, null, null));

        assertThat(call(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThat(registry.active().get(0).fired()).as("the delay acted on the call").isEqualTo(1);
        assertThat(callee.requests).hasSize(1);
    }

    @Test
    void shouldLeaveOtherPathsAndTargetsAlone() {
        registry.add(FaultSpec.of("fail", "out", "*", "/internal/paxos", null, null, null, null));
        registry.add(FaultSpec.of("fail", "out", "participant-9", null, null, null, null, null));

        assertThat(call(Duration.ofSeconds(5))).isEqualTo("ok");
        assertThat(registry.active()).allSatisfy(fault -> assertThat(fault.fired()).isZero());
    }

    @Test
    void shouldGiveUpAHeldCallWhenItsThreadIsInterruptedAndKeepTheInterrupt() {
        registry.add(FaultSpec.of("drop", "out", "*", null, null, null, null, 60_000L));
        Thread.currentThread().interrupt();

        IOException failure = failure(Duration.ofSeconds(30));

        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(failure).isInstanceOf(InterruptedIOException.class);
        assertThat(callee.requests).isEmpty();
    }
}
