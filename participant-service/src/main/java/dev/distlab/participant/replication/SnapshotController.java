package dev.distlab.participant.replication;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Min;

/**
 * {@code GET /internal/paxos/snapshots/<index>?offset=N}: up to {@link #CHUNK_BYTES} of this replica's snapshot
 * file from byte N, for a peer catching up (cluster token required). 404 once the file has been replaced by
 * newer ones; the peer then waits for the leader to offer a newer snapshot.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "platform.replication.enabled", matchIfMissing = true)
class SnapshotController {

    static final String PATH = "/internal/paxos/snapshots/";
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final ReplicaDriver driver;

    SnapshotController(ReplicaDriver driver) {
        this.driver = driver;
    }

    @GetMapping(value = PATH + "{index}", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> chunk(@PathVariable @Min(1) long index,
            @RequestParam(defaultValue = "0") @Min(0) long offset) throws IOException {
        try {
            return ResponseEntity.ok(driver.snapshots().readChunk(index, offset, CHUNK_BYTES));
        } catch (NoSuchFileException e) {
            return ResponseEntity.notFound().build();
        }
    }
}
