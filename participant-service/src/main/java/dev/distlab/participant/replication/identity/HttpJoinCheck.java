package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JoinCheck} over {@code GET /internal/paxos/identity}: asks every peer until each has answered or
 * the time is up, retrying the unreachable ones. Peers that are starting too (a first formation) cannot answer
 * yet, so a replica of a new cluster waits the whole time once, on its first start only.
 */
public class HttpJoinCheck implements JoinCheck {

    public static final String IDENTITY_PATH = "/internal/paxos/identity";
    private static final Logger log = LoggerFactory.getLogger(HttpJoinCheck.class);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final Map<Integer, String> peerUrls;
    private final String token;
    private final HttpClient client;
    private final Duration within;

    public HttpJoinCheck(Map<Integer, String> peerUrls, String token, HttpClient client, Duration within) {
        this.peerUrls = peerUrls;
        this.token = token;
        this.client = client;
        this.within = within;
    }

    @Override
    public Map<Integer, Long> rememberedIncarnations(String clusterId, int memberId) {
        Map<Integer, Long> answers = new TreeMap<>();
        Map<Integer, String> pending = new LinkedHashMap<>(peerUrls);
        long deadline = System.nanoTime() + within.toNanos();
        while (!pending.isEmpty()) {
            for (var peer = pending.entrySet().iterator(); peer.hasNext();) {
                var entry = peer.next();
                Optional<Long> remembered = ask(entry.getKey(), entry.getValue(), clusterId, memberId, deadline);
                if (remembered.isPresent()) {
                    answers.put(entry.getKey(), remembered.get());
                    peer.remove();
                }
            }
            if (pending.isEmpty() || System.nanoTime() + RETRY_PAUSE.toNanos() > deadline) {
                break;
            }
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!pending.isEmpty()) {
            log.info("Join check: no answer within {} ms from replica(s) {}", within.toMillis(), pending.keySet());
        }
        return answers;
    }

    /** What {@code peer} remembers of {@code memberId}, or empty if it did not answer usefully. */
    private Optional<Long> ask(int peer, String url, String clusterId, int memberId, long deadline) {
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + IDENTITY_PATH))
                .timeout(Duration.ofMillis(Math.min(1000, left))).header("Authorization", "Bearer " + token)
                .header(PeerHeaders.CLUSTER, clusterId).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 409) {
                log.warn("Join check: replica {} ({}) refused: {}", peer, url, PeerRefusals.describe(response.body()));
                return Optional.of(0L); // another cluster's replica knows nothing of this member
            }
            if (response.statusCode() != 200) {
                return Optional.empty(); // starting, or not a replica of this version yet
            }
            IdentityRecord answer = IdentityFile.parse(response.body());
            return Optional.of(answer.peerIncarnation(memberId));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
