package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A replica that can send but not receive (its inbound TCP dropped with iptables) must not depose a working
 * leader. Without pre-vote it campaigned every election timeout with a higher ballot: the issue measured the
 * ballot climbing from 1.1 to 38.3 and 33 of 71 writes failing in 27 s.
 */
class OneWayPartitionIT extends ClusterTest {

    private static final String MARK = "distlab-one-way-partition-it";

    @Test
    void shouldKeepTheLeaderWhileAFollowerCanSendButNotReceive() throws Exception {
        assumeTrue(iptables("-L", "INPUT", "-n") == 0, "iptables is not usable here (needs root): skipped");
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        int leader = cluster.leader();
        int cut = leader % LocalCluster.PARTICIPANTS + 1;
        // both of its ports: the API's (forwarded writes, read indexes) and the protocol's own
        List<Integer> ports = List.of(LocalCluster.PARTICIPANT_BASE_PORT + cut,
                LocalCluster.PARTICIPANT_PEER_BASE_PORT + cut);
        Set<String> ballots = new LinkedHashSet<>();
        ballots.add(ballotAt(leader));
        List<Integer> failures = new ArrayList<>();
        int writes = 0;
        try {
            for (int port : ports) {
                assertThat(iptables("-I", "INPUT", "-i", "lo", "-p", "tcp", "--dport", Integer.toString(port), "-m",
                        "comment", "--comment", MARK, "-j", "DROP")).isZero();
            }
            long end = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < end) {
                HttpResponse<String> put = Http.send("PUT", cluster.participantUrl(leader)
                        + "/api/config/it/one-way/" + writes, "{\"value\":\"v\"}", null);
                writes++;
                if (put.statusCode() / 100 != 2) {
                    failures.add(put.statusCode());
                }
                ballots.add(ballotAt(leader));
                Balancers.sleep(100);
            }
        } finally {
            for (int port : ports) {
                iptables("-D", "INPUT", "-i", "lo", "-p", "tcp", "--dport", Integer.toString(port), "-m", "comment",
                        "--comment", MARK, "-j", "DROP");
            }
        }
        assertThat(ballots).as("the leader's ballot while participant-%d could not receive", cut).hasSize(1);
        assertThat(failures).as("failed writes of %d", writes).isEmpty();
        assertThat(cluster.leader()).isEqualTo(leader);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS); // the cut replica catches up once it hears again
    }

    private String ballotAt(int participant) {
        return Http.json(Http.get(cluster.participantUrl(participant) + "/api/node")).path("paxos").path("ballot")
                .asString();
    }

    private static int iptables(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "5"));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }
}
