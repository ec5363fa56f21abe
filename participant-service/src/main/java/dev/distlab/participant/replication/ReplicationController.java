package dev.distlab.participant.replication;

import java.time.Duration;
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
import dev.distlab.participant.config.Async;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.codec.CodecException;
import dev.distlab.paxos.codec.PaxosCodec;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.node.NotLeaderException;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The replicas' internal request endpoints (cluster token required, never routed by the gateway); the message
 * stream itself is {@link PeerMessageServlet}.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class ReplicationController {

    /** Only a guard against a bug: the driver fails every request by its own deadline, within seconds. */
    private static final Duration AWAIT_LIMIT = Duration.ofSeconds(30);

    private final ReplicaDriver driver;

    ReplicationController(ReplicaDriver driver) {
        this.driver = driver;
    }

    /**
     * A batch of writes forwarded by another replica: one outcome per command, in order. Answered on the request
     * thread (each command fails by the store's own deadline), which saves an async re-dispatch per batch.
     */
    @PostMapping(path = LeaderClient.PROPOSE_PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> propose(@RequestBody byte[] body) {
        List<Command> commands = decode(() -> PaxosCodec.decodeValue(body)).commands();
        List<CompletableFuture<Object>> outcomes = commands.stream()
                .map(command -> driver.proposeAsLeader(command).handle((result, error) -> (Object) (error == null
                        ? result : Async.unwrap(error))))
                .toList();
        List<Object> answers = outcomes.stream().map(outcome -> Async.await(outcome, AWAIT_LIMIT)).toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(LeaderClient.encodeOutcomes(answers));
    }

    @PostMapping(path = LeaderClient.READ_INDEX_PATH)
    ResponseEntity<byte[]> readIndex() {
        try {
            long index = Async.await(driver.readIndexAsLeader(), AWAIT_LIMIT);
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(index).getBytes());
        } catch (RuntimeException e) {
            return failure(e);
        }
    }


    private static ResponseEntity<byte[]> failure(Throwable error) {
        Throwable cause = Async.unwrap(error);
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
