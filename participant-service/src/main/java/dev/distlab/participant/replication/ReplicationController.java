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

/** The replicas' internal endpoints (cluster token required, never routed by the gateway). */
@Hidden
@RestController
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class ReplicationController {

    private final ReplicaDriver driver;

    ReplicationController(ReplicaDriver driver) {
        this.driver = driver;
    }

    @PostMapping(path = PeerTransport.MESSAGES_PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Void> messages(@RequestBody byte[] body) {
        driver.deliver(decode(() -> PaxosCodec.decodeMessages(body)));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = LeaderClient.PROPOSE_PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    CompletableFuture<ResponseEntity<byte[]>> propose(@RequestBody byte[] body) {
        List<Command> commands = decode(() -> PaxosCodec.decodeValue(body)).commands();
        if (commands.size() != 1) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "exactly one command per forwarded proposal");
        }
        return driver.proposeAsLeader(commands.get(0)).handle((result, error) -> error == null
                ? ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(KvResultCodec.encode(result))
                : failure(error));
    }

    @PostMapping(path = LeaderClient.READ_INDEX_PATH)
    CompletableFuture<ResponseEntity<byte[]>> readIndex() {
        return driver.readIndexAsLeader().handle((index, error) -> error == null
                ? ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(Long.toString(index).getBytes())
                : failure(error));
    }

    private static ResponseEntity<byte[]> failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
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
