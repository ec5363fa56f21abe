package dev.distlab.participant.replication;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.codec.CodecException;
import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.Value;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The replicas' internal request endpoints (cluster token required, never routed by the gateway); the message
 * stream itself is {@link PeerMessageServlet}.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class ReplicationController {

    private final ReplicaDriver driver;

    ReplicationController(ReplicaDriver driver) {
        this.driver = driver;
    }

    /** A batch of writes forwarded by another replica: one outcome per command, in order. */
    @PostMapping(path = LeaderClient.PROPOSE_PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    CompletableFuture<ResponseEntity<byte[]>> propose(@RequestBody byte[] body) {
        List<Command> commands = decode(() -> PaxosCodec.decodeValue(body)).commands();
        List<CompletableFuture<Object>> outcomes = commands.stream()
                .map(command -> driver.proposeAsLeader(command).handle((result, error) -> (Object) (error == null
                        ? result : unwrap(error))))
                .toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(all -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .body(LeaderClient.encodeOutcomes(outcomes.stream().map(CompletableFuture::join).toList())));
    }

    @PostMapping(path = LeaderClient.READ_INDEX_PATH)
    CompletableFuture<ResponseEntity<byte[]>> readIndex() {
        return driver.readIndexAsLeader().handle((index, error) -> error == null
                ? ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(index).getBytes())
                : failure(error));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static ResponseEntity<byte[]> failure(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof NotLeaderException notLeader) {
            return ResponseEntity.status(HttpStatus.MISDIRECTED_REQUEST)
                    .header(LeaderClient.LEADER_HEADER, Integer.toString(notLeader.leaderHint())).build();
        }
        if (cause instanceof StoreUnavailableException) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        throw new CompletionException(cause);
    }

    private static <T> T decode(java.util.function.Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (CodecException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Undecodable protocol payload: " + e.getMessage());
        }
    }
}
