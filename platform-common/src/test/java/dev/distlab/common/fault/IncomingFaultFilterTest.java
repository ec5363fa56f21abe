package dev.distlab.common.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class IncomingFaultFilterTest {

    private final FaultRegistry registry = new FaultRegistry(new CrashPoints(p -> { }), new SimpleMeterRegistry());
    private final IncomingFaultFilter filter = new IncomingFaultFilter(new IncomingFaults(registry));
    private final AtomicInteger served = new AtomicInteger();

    private MockHttpServletResponse call(String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                served.incrementAndGet();
                resp.setStatus(200);
            }
        }));
        return response;
    }

    @Test
    void shouldAnswer503ProblemOnFailUnderThePathOnly() throws Exception {
        registry.add(FaultSpec.of("fail", "in", null, "/api/accounts", null, null, null, null));
        MockHttpServletResponse refused = call("GET", "/api/accounts/a1");
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"title\":\"Fault injected\"").contains("f-1");
        assertThat(call("GET", "/api/transactions").getStatus()).isEqualTo(200);
        assertThat(served).hasValue(1);
    }

    @Test
    void shouldNeverAffectTheFaultsEndpoint() throws Exception {
        registry.add(FaultSpec.of("fail", "in", null, null, null, null, null, null));
        assertThat(call("DELETE", "/actuator/faults").getStatus()).isEqualTo(200);
        assertThat(call("DELETE", "/actuator/faults/f-1").getStatus()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health").getStatus()).isEqualTo(503);
    }

    @Test
    void shouldHoldADroppedRequestWhileTheFaultLastsThenAnswer503() throws Exception {
        registry.add(FaultSpec.of("drop", "in", null, null, null, null, null, 150L));
        long start = System.nanoTime();
        MockHttpServletResponse held = call("POST", "/internal/paxos/messages");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
        assertThat(held.getStatus()).isEqualTo(503);
        assertThat(served).hasValue(0);
    }

    @Test
    void shouldDelayThenServe() throws Exception {
        registry.add(FaultSpec.of("delay", "in", null, null, null, 120L, null, null));
        long start = System.nanoTime();
        assertThat(call("GET", "/x").getStatus()).isEqualTo(200);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(120_000_000L);
    }
}
