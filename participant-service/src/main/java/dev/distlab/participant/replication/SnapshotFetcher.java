package dev.distlab.participant.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.paxos.node.snapshot.SnapshotRef;
import dev.distlab.paxos.node.snapshot.SnapshotStore;

/**
 * Fetches a peer's snapshot file in chunks of {@link SnapshotController#CHUNK_BYTES} with
 * {@code GET /internal/paxos/snapshots/<index>?offset=N}, appending each to a partial file: a transfer that
 * breaks off resumes where it stopped, and no chunk is larger than an ordinary response. The file is checked
 * against the reference's size and checksum before it is used.
 */
class SnapshotFetcher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotFetcher.class);
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(30);

    private final Map<Integer, String> urls;
    private final String token;
    private final Map<String, String> identityHeaders;
    private final HttpClient client;

    SnapshotFetcher(Map<Integer, String> urls, String token, Map<String, String> identityHeaders, HttpClient client) {
        this.urls = urls;
        this.token = token;
        this.identityHeaders = identityHeaders;
        this.client = client;
    }

    /** Fetches {@code ref} from replica {@code from} into {@code store}, on {@code executor}. */
    CompletableFuture<Void> fetch(int from, SnapshotRef ref, SnapshotStore store, Executor executor) {
        return CompletableFuture.runAsync(() -> {
            try {
                fetchNow(from, ref, store);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, executor);
    }

    private void fetchNow(int from, SnapshotRef ref, SnapshotStore store) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long offset = store.partialBytes(ref);
        if (offset > 0) {
            log.info("Resuming the transfer of the snapshot at slot {} from replica {} at byte {}", ref.index(), from,
                    offset);
        }
        while (offset < ref.fileBytes()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.get(from) + SnapshotController.PATH
                    + ref.index() + "?offset=" + offset)).timeout(CHUNK_TIMEOUT)
                    .header("Authorization", "Bearer " + token).GET();
            identityHeaders.forEach(request::header);
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("replica " + from + " answered " + response.statusCode()
                        + " for the snapshot at slot " + ref.index() + " (it may have a newer one by now)");
            }
            byte[] chunk = response.body();
            if (chunk.length == 0) {
                throw new IOException("replica " + from + " sent an empty chunk at byte " + offset + " of "
                        + ref.fileBytes());
            }
            store.appendChunk(ref, offset, chunk);
            offset += chunk.length;
        }
        store.completeFetch(ref);
        log.info("Fetched the snapshot at slot {} ({} KiB) from replica {} in {} ms", ref.index(),
                ref.fileBytes() / 1024, from, (System.nanoTime() - started) / 1_000_000);
    }
}
