package dev.distlab.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.distlab.gateway.support.FakeUpstream;
import dev.distlab.gateway.support.GatewayTestBase;
import dev.distlab.gateway.support.TestUpstreams;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/gateway/consensus}, fed by samples this test takes of fake participants. */
class ConsensusApiTest extends GatewayTestBase {

    @Autowired
    ConsensusSampler sampler;

    @Test
    void shouldShowTheSamplesAndTheElectionOnceTheLeaderChanged() throws InterruptedException {
        String since = latestSampleAt(); // what earlier tests left in the history is not this test's
        leads(TestUpstreams.P1, "7.1", 40);
        TestUpstreams.P3.stop();
        freshReading();
        sampler.sampleNow();
        freshReading();
        leads(TestUpstreams.P2, "8.2", 46);
        sampler.sampleNow();

        JsonNode history = consensus("?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));

        JsonNode samples = history.path("samples");
        assertThat(samples).hasSize(2);
        JsonNode first = samples.get(0);
        assertThat(first.path("leader").asString()).isEqualTo("participant-1");
        assertThat(first.path("ballot").asString()).isEqualTo("7.1");
        assertThat(first.path("commitIndex").asLong()).isEqualTo(40);
        assertThat(first.path("roles").path("participant-2").asString()).isEqualTo("follower");
        assertThat(first.path("roles").path("participant-3").asString()).isEqualTo("unreachable");
        JsonNode second = samples.get(1);
        assertThat(second.path("leader").asString()).isEqualTo("participant-2");
        assertThat(second.path("commitsPerSecond").asDouble()).isPositive();
        JsonNode election = history.path("elections").get(0);
        assertThat(history.path("elections")).hasSize(1);
        assertThat(election.path("previousLeader").asString()).isEqualTo("participant-1");
        assertThat(election.path("leader").asString()).isEqualTo("participant-2");
        assertThat(election.path("ballot").asString()).isEqualTo("8.2");
        assertThat(election.path("at").asString()).isEqualTo(second.path("at").asString());
        assertThat(history.path("intervalMillis").asLong()).isEqualTo(3_600_000);
        // only what came after: nothing
        JsonNode after = consensus("?since=" + URLEncoder.encode(second.path("at").asString(), StandardCharsets.UTF_8));
        assertThat(after.path("samples")).isEmpty();
        assertThat(after.path("elections")).isEmpty();
    }

    @Test
    void shouldShareTheParticipantsReadingWithTheTopology() throws InterruptedException {
        freshReading();
        TestUpstreams.all().forEach(FakeUpstream::clear);

        sampler.sampleNow();
        HttpResponse<String> topology = get("/api/gateway/topology");

        assertThat(topology.statusCode()).isEqualTo(200);
        // one read of each participant serves both: a dashboard open does not double the history's reads
        TestUpstreams.PARTICIPANTS.forEach(u -> assertThat(u.requests()).extracting(r -> r.uri())
                .containsExactly("/api/node"));
        assertThat(json(topology).path("at").asString()).isEqualTo(latestSampleAt());
    }

    @Test
    void shouldBePublicAndRefuseASinceThatIsNoInstant() {
        assertThat(get("/api/gateway/consensus").statusCode()).isEqualTo(200);
        assertProblem(get("/api/gateway/consensus?since=yesterday"), 400, "gateway");
    }

    private JsonNode consensus(String query) {
        HttpResponse<String> response = get("/api/gateway/consensus" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private String latestSampleAt() {
        JsonNode samples = consensus("").path("samples");
        return samples.isEmpty() ? "2000-01-01T00:00:00Z" : samples.get(samples.size() - 1).path("at").asString();
    }

    /** Waits out the shared reading, so that the next sample reads the participants again. */
    private static void freshReading() throws InterruptedException {
        Thread.sleep(ParticipantNodes.FRESH_FOR.toMillis() + 100);
    }

    /** Every running fake participant answers /api/node with {@code leader} leading at {@code ballot}. */
    private static void leads(FakeUpstream leader, String ballot, long commitIndex) {
        for (FakeUpstream participant : TestUpstreams.PARTICIPANTS) {
            String role = participant == leader ? "leader" : "follower";
            participant.answer("/api/node", "{\"id\":\"" + participant.id() + "\",\"paxos\":{\"role\":\"" + role
                    + "\",\"leader\":\"" + leader.id() + "\",\"ballot\":\"" + ballot + "\",\"commitIndex\":"
                    + commitIndex + "}}");
        }
    }
}
