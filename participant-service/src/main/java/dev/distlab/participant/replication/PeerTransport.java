package dev.distlab.participant.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.participant.replication.identity.PeerRefusals;
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
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final String authorization;
    private final Map<String, String> identityHeaders;
    private final PeerRefusals refusals = new PeerRefusals(log);
    private final Map<Integer, Peer> peers = new TreeMap<>();
    private final OutgoingFaults faults;

    /**
     * {@code identityHeaders}: this replica's cluster and member, on every request (see PeerHeaders);
     * {@code faults}: the injected faults every batch passes through before it leaves.
     */
    PeerTransport(Map<Integer, String> peerUrls, String token, Map<String, String> identityHeaders,
            OutgoingFaults faults) {
        this.authorization = "Bearer " + token;
        this.identityHeaders = Map.copyOf(identityHeaders);
        this.faults = faults;
        peerUrls.forEach((id, url) -> peers.put(id, new Peer(id, toUrl(url + MESSAGES_PATH))));
    }

    private static URL toUrl(String url) {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a replica URL: " + url, e);
        }
    }

    /** Reads the rest of an answer, so that the connection can be kept alive for the next request. */
    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
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
        final URL url;
        final URI uri;
        final BatchingSender<Message> sender;
        boolean reachable = true;

        Peer(int id, URL url) {
            this.id = id;
            this.url = url;
            this.uri = URI.create(url.toString());
            this.sender = new BatchingSender<>("paxos-send-" + id, QUEUE_CAPACITY, MAX_BATCH, this::post);
        }

        private void post(List<Message> batch) throws InterruptedException {
            byte[] body = PaxosCodec.encodeMessages(batch);
            try {
                faults.beforeConnection(uri, null, READ_TIMEOUT);
                // HttpURLConnection rather than java.net.http: one blocking request at a time is all this thread
                // sends, and java.net.http's hand-offs between its own threads cost more CPU than the request.
                // Not in streaming mode: headers and body then leave in one segment, so Nagle's algorithm cannot
                // hold the body back until the peer's delayed ACK.
                HttpURLConnection connection = (HttpURLConnection) url.openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Authorization", authorization);
                connection.setRequestProperty("Content-Type", "application/octet-stream");
                identityHeaders.forEach(connection::setRequestProperty);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
                int status = connection.getResponseCode();
                faults.learn(uri, connection.getHeaderField(OutgoingFaults.INSTANCE_ID_HEADER));
                if (status == 409) {
                    // reachable, but it will not take this replica's messages: say why, not "cannot reach"
                    logRefusal(connection.getErrorStream());
                    Thread.sleep(50);
                    return;
                }
                drain(status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream());
                if (status / 100 != 2) {
                    throw new IllegalStateException("HTTP " + status);
                }
                if (!reachable) {
                    log.info("Replica {} ({}) is reachable again", id, url.getAuthority());
                    reachable = true;
                }
            } catch (InterruptedException e) {
                throw e; // stopping: not a peer failure
            } catch (Exception e) {
                if (reachable) {
                    log.warn("Cannot reach replica {} ({}): {}; dropping messages to it until it answers", id,
                            url.getAuthority(), e.toString());
                    reachable = false;
                }
                Thread.sleep(50); // no busy loop against a dead peer
            }
        }

        private void logRefusal(InputStream error) throws IOException {
            String body = "";
            if (error != null) {
                try (error) { // read whole and closed: the connection stays usable
                    body = new String(error.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            refusals.refusedBy(id, "messages", body);
        }
    }
}
