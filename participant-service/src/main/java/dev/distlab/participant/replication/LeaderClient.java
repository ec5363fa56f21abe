package dev.distlab.participant.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.http.ServiceCalls;

import dev.distlab.participant.replication.identity.PeerRefusals;
import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.kv.KvResult;
import dev.distlab.paxos.node.NotLeaderException;

/**
 * How a replica that does not lead gets writes committed and reads confirmed: it asks the leader over the
 * internal endpoints. Requests queued while one is on the wire travel together in the next one, so a busy
 * follower makes one round trip for many writes, and one read-index confirmation serves every read that
 * started before it was sent (the leader's answer covers every write completed before those reads began).
 */
class LeaderClient {

    static final String PROPOSE_PATH = "/internal/paxos/propose";
    static final String READ_INDEX_PATH = "/internal/paxos/read-index";
    static final String LEADER_HEADER = "X-Paxos-Leader";

    static final byte APPLIED = 0, NOT_LEADER = 1, UNAVAILABLE = 2;
    private static final int MAX_BATCH = 512;
    /** Far above what a request time-out lets pile up; a dropped request fails by its own deadline. */
    private static final int QUEUE_CAPACITY = 100_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(LeaderClient.class);

    private final Map<Integer, String> urls;
    private final String token;
    private final Map<String, String> identityHeaders;
    private final RestClient client;
    private final PeerRefusals refusals = new PeerRefusals(log);
    private final Map<Integer, BatchingSender<PendingProposal>> proposals = new ConcurrentHashMap<>();
    private final Map<Integer, BatchingSender<CompletableFuture<Long>>> reads = new ConcurrentHashMap<>();

    /**
     * {@code identityHeaders}: this replica's cluster and member, on every request (see PeerHeaders); {@code faults}:
     * the platform's outgoing faults, which act on every request.
     */
    LeaderClient(Map<Integer, String> urls, String token, Map<String, String> identityHeaders, OutgoingFaults faults) {
        this(urls, token, identityHeaders, faults, RestClient.builder());
    }

    /**
     * Calls go through a RestClient from {@code restClients} (Spring's, in the service). They are not observed
     * (ReplicationConfiguration): a batch carries the writes of many requests and is sent from the protocol thread,
     * where none of their traces is current, so it would only start a trace of its own per batch.
     */
    LeaderClient(Map<Integer, String> urls, String token, Map<String, String> identityHeaders, OutgoingFaults faults,
            RestClient.Builder restClients) {
        this.urls = urls;
        this.token = token;
        this.identityHeaders = Map.copyOf(identityHeaders);
        this.client = new ServiceCalls(restClients, faults, CONNECT_TIMEOUT).within(CALL_TIMEOUT);
    }

    void stop() {
        proposals.values().forEach(BatchingSender::stop);
        reads.values().forEach(BatchingSender::stop);
    }

    CompletableFuture<KvResult> propose(int leader, Command command) {
        PendingProposal pending = new PendingProposal(command, new CompletableFuture<>());
        proposals.computeIfAbsent(leader, id -> new BatchingSender<PendingProposal>("paxos-propose-to-" + id,
                QUEUE_CAPACITY, MAX_BATCH, batch -> sendProposals(id, batch)).start()).add(pending);
        return pending.result;
    }

    CompletableFuture<Long> readIndex(int leader) {
        CompletableFuture<Long> index = new CompletableFuture<>();
        reads.computeIfAbsent(leader, id -> new BatchingSender<CompletableFuture<Long>>("paxos-read-index-to-" + id,
                QUEUE_CAPACITY, MAX_BATCH, batch -> sendReadIndex(id, batch)).start()).add(index);
        return index;
    }

    private record PendingProposal(Command command, CompletableFuture<KvResult> result) {
    }

    private void sendProposals(int leader, List<PendingProposal> batch) {
        List<Command> commands = batch.stream().map(PendingProposal::command).toList();
        try {
            byte[] answer = post(leader, PROPOSE_PATH, PaxosCodec.encodeValue(new Value(commands)));
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer))) {
                for (PendingProposal pending : batch) {
                    byte outcome = in.readByte();
                    if (outcome == APPLIED) {
                        pending.result.complete(KvResultCodec.decode(in.readNBytes(in.readInt())));
                    } else if (outcome == NOT_LEADER) {
                        pending.result.completeExceptionally(new NotLeaderException(in.readInt()));
                    } else {
                        pending.result.completeExceptionally(new IllegalStateException("leader could not commit"));
                    }
                }
            }
        } catch (RuntimeException | IOException e) {
            batch.forEach(pending -> pending.result.completeExceptionally(e));
        }
    }

    private void sendReadIndex(int leader, List<CompletableFuture<Long>> batch) {
        try {
            long index = Long.parseLong(new String(post(leader, READ_INDEX_PATH, new byte[0])).trim());
            batch.forEach(read -> read.complete(index));
        } catch (RuntimeException e) {
            batch.forEach(read -> read.completeExceptionally(e));
        }
    }

    private byte[] post(int leader, String path, byte[] body) {
        URI uri = URI.create(urls.get(leader) + path);
        Answer response;
        try {
            response = client.post().uri(path, ignored -> uri).header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_OCTET_STREAM).headers(h -> identityHeaders.forEach(h::set))
                    .body(body).exchange((request, answer) -> new Answer(answer.getStatusCode().value(),
                            answer.getHeaders().getFirst(LEADER_HEADER), answer.getBody().readAllBytes()));
        } catch (ResourceAccessException e) {
            throw new UncheckedIOException(ServiceCalls.cause(e));
        }
        if (response.status() == 421) {
            throw new NotLeaderException(response.leader() == null ? 0 : Integer.parseInt(response.leader()));
        }
        if (response.status() == 409) {
            String reason = refusals.refusedBy(leader, path, new String(response.body(), StandardCharsets.UTF_8));
            throw new IllegalStateException("replica " + leader + " refused this replica: " + reason);
        }
        if (response.status() != 200) {
            throw new IllegalStateException("replica " + leader + " answered HTTP " + response.status());
        }
        return response.body();
    }

    private record Answer(int status, String leader, byte[] body) {
    }

    /** The leader's answer to a batch of forwarded proposals, one outcome per command in order. */
    static byte[] encodeOutcomes(List<Object> outcomes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (Object outcome : outcomes) {
                if (outcome instanceof KvResult result) {
                    byte[] encoded = KvResultCodec.encode(result);
                    out.writeByte(APPLIED);
                    out.writeInt(encoded.length);
                    out.write(encoded);
                } else if (outcome instanceof NotLeaderException notLeader) {
                    out.writeByte(NOT_LEADER);
                    out.writeInt(notLeader.leaderHint());
                } else {
                    out.writeByte(UNAVAILABLE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
