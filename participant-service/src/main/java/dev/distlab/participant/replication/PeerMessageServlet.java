package dev.distlab.participant.replication;

import java.io.IOException;
import java.util.Locale;

import dev.distlab.paxos.codec.CodecException;
import dev.distlab.paxos.codec.PaxosCodec;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /internal/paxos/messages}: a batch of protocol messages from another replica, answered 204 once
 * queued for the protocol thread. A plain servlet rather than a controller because it is the busiest endpoint
 * of a replica (a batch per round trip per peer) and the dispatcher's handler lookup, argument resolution and
 * content negotiation cost more than the decoding. The platform's filters (cluster token, body limit,
 * instance id) still run in front of it, and {@code sendError} answers come back as problem+json.
 */
class PeerMessageServlet extends HttpServlet {

    private final ReplicaDriver driver;

    PeerMessageServlet(ReplicaDriver driver) {
        this.driver = driver;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            response.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/octet-stream");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        try {
            driver.deliver(PaxosCodec.decodeMessages(body));
        } catch (CodecException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Undecodable protocol payload: " + e.getMessage());
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
