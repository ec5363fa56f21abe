package dev.distlab.participant.replication.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The guard in front of the peer endpoints: 409 for a refused peer, and recording before handling. */
class PeerIdentityFilterTest {

    private static final String CLUSTER = ClusterId.of("filter", 3);

    private final List<String> events = new ArrayList<>();
    private boolean failWrites;
    private final ReplicaIdentity identity = new ReplicaIdentity("filter",
            new IdentityRecord(CLUSTER, 1, 100, false, Map.of()), record -> {
                if (failWrites) {
                    throw new IOException("disk full");
                }
                events.add("recorded " + record.peers());
            });
    private final PeerIdentityFilter filter = new PeerIdentityFilter(
            new PeerGuard(identity, 3, RateLimitedLog.everyTenSeconds()));

    /** The endpoint behind the filter: notes that it handled the request and what was on disk by then. */
    private final HttpServlet endpoint = new HttpServlet() {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            events.add("handled");
            response.setStatus(204);
        }
    };

    private MockHttpServletResponse post(String cluster, String member) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/paxos/messages");
        if (cluster != null) {
            request.addHeader(PeerHeaders.CLUSTER, cluster);
        }
        if (member != null) {
            request.addHeader(PeerHeaders.MEMBER, member);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain(endpoint));
        return response;
    }

    @Test
    void shouldRecordANewIncarnationBeforeTheRequestIsHandled() throws Exception {
        assertThat(post(CLUSTER, "2:7").getStatus()).isEqualTo(204);
        assertThat(events).containsExactly("recorded {2=7}", "handled");
        assertThat(post(CLUSTER, "2:7").getStatus()).isEqualTo(204);
        assertThat(events).containsExactly("recorded {2=7}", "handled", "handled");
    }

    @Test
    void shouldAnswer409AndNotHandleEachRefusal() throws Exception {
        assertThat(post(CLUSTER, "3:5").getStatus()).isEqualTo(204);
        events.clear();
        for (String[] headers : new String[][] { { ClusterId.of("other", 3), "2:7" }, { CLUSTER, "9:7" },
                { CLUSTER, "1:100" }, { CLUSTER, "3:4" }, { null, null } }) {
            MockHttpServletResponse response = post(headers[0], headers[1]);
            assertThat(response.getStatus()).as("%s %s", headers[0], headers[1]).isEqualTo(409);
            assertThat(response.getErrorMessage()).contains("refused");
        }
        assertThat(events).isEmpty();
    }

    @Test
    void shouldAnswer503AndNotHandleWhatCannotBeRecorded() throws Exception {
        failWrites = true;
        MockHttpServletResponse response = post(CLUSTER, "2:7");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(events).isEmpty();
    }
}
