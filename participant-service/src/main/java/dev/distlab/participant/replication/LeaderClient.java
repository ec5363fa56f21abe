package dev.distlab.participant.replication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.kv.KvResult;

/**
 * How a replica that does not lead gets a write committed or a read confirmed: it asks the leader over
 * the internal endpoints. A 421 answer means the asked replica no longer leads (its hint in the header).
 */
class LeaderClient {

    static final String PROPOSE_PATH = "/internal/paxos/propose";
    static final String READ_INDEX_PATH = "/internal/paxos/read-index";
    static final String LEADER_HEADER = "X-Paxos-Leader";

    private final Map<Integer, String> urls;
    private final String token;
    private final HttpClient client;

    LeaderClient(Map<Integer, String> urls, String token, HttpClient client) {
        this.urls = urls;
        this.token = token;
        this.client = client;
    }

    CompletableFuture<KvResult> propose(int leader, Command command, Duration timeout) {
        byte[] body = PaxosCodec.encodeValue(new Value(List.of(command)));
        return post(leader, PROPOSE_PATH, body, timeout).thenApply(bytes -> KvResultCodec.decode(bytes));
    }

    CompletableFuture<Long> readIndex(int leader, Duration timeout) {
        return post(leader, READ_INDEX_PATH, new byte[0], timeout)
                .thenApply(bytes -> Long.parseLong(new String(bytes).trim()));
    }

    private CompletableFuture<byte[]> post(int leader, String path, byte[] body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(leader) + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() == 421) {
                throw new NotLeaderException(response.headers().firstValue(LEADER_HEADER).map(Integer::parseInt)
                        .orElse(0));
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("replica " + leader + " answered HTTP " + response.statusCode());
            }
            return response.body();
        });
    }
}
