package dev.distlab.participant.replication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.message.Message;

/**
 * Sends protocol messages to the other replicas over HTTP: one queue and one sender thread per peer, each
 * POST carrying every message queued for that peer since the last one (batching), over a kept-alive
 * connection. Paxos tolerates lost messages, so a failed send drops its batch; a full queue drops the oldest.
 */
class PeerTransport {

    private static final Logger log = LoggerFactory.getLogger(PeerTransport.class);
    private static final int QUEUE_CAPACITY = 20_000;
    private static final int MAX_BATCH = 1_000;

    static final String MESSAGES_PATH = "/internal/paxos/messages";

    private final HttpClient client;
    private final String token;
    private final Map<Integer, Peer> peers = new TreeMap<>();

    PeerTransport(Map<Integer, String> peerUrls, String token, HttpClient client) {
        this.client = client;
        this.token = token;
        peerUrls.forEach((id, url) -> peers.put(id, new Peer(id, URI.create(url + MESSAGES_PATH))));
    }

    void start() {
        peers.values().forEach(peer -> peer.sender.start());
    }

    void stop() {
        peers.values().forEach(peer -> peer.sender.stop());
    }

    void send(List<Message> messages) {
        for (Message message : messages) {
            Peer peer = peers.get(message.to());
            if (peer != null) {
                // a full queue means the peer is unreachable: the protocol resends what still matters
                peer.sender.add(message);
            }
        }
    }

    private final class Peer {
        final int id;
        final URI uri;
        final BatchingSender<Message> sender;
        boolean reachable = true;

        Peer(int id, URI uri) {
            this.id = id;
            this.uri = uri;
            this.sender = new BatchingSender<>("paxos-send-" + id, QUEUE_CAPACITY, MAX_BATCH, this::post);
        }

        private void post(List<Message> batch) throws InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(PaxosCodec.encodeMessages(batch))).build();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
                if (!reachable) {
                    log.info("Replica {} ({}) is reachable again", id, uri.getAuthority());
                    reachable = true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (reachable) {
                    log.warn("Cannot reach replica {} ({}): {}; dropping messages to it until it answers", id,
                            uri.getAuthority(), e.toString());
                    reachable = false;
                }
                Thread.sleep(50); // no busy loop against a dead peer
            }
        }
    }
}
