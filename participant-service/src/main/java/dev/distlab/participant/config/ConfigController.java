package dev.distlab.participant.config;

import java.io.IOException;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.distlab.participant.config.ConfigParams.Precondition;
import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.participant.config.ConfigWaiter.KeyState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/config}: the replicated config store, one key at a time or by prefix. Keys contain '/', so the
 * key is the rest of the path after {@code /api/config/}, taken from the raw request URI (see
 * {@link ConfigKeys#keyFromPath}). Single operations wait on their request thread, bounded by the store's own
 * timeout; long-polls are asynchronous (see {@link Async}). Writes of the platform's own keys need the cluster
 * token ({@link ReservedKeyGuard}); every read stays public, reserved keys included, since the dashboard and users
 * inspect the platform's state through them and nothing there is secret.
 */
@RestController
class ConfigController {

    static final String BASE = "/api/config/";
    /** The write operations' note on the platform's own keyspace (see {@link ReservedKeyGuard}). */
    private static final String RESERVED_NOTE = "A key under a reserved prefix (the platform's own state; the list is "
            + "dev.distlab.configclient.ConfigKeys.RESERVED_PREFIXES) needs Authorization: Bearer <cluster token>: "
            + "403 without it, naming the prefix.";
    /** Safety net for single operations; the store itself gives up within a few seconds. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Safety net beyond a long-poll's own timeout (which answers normally at that timeout, well before the
     * gateway gives up at the same timeout plus its own margin).
     */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(15);

    private final ObjectProvider<ConfigStore> stores;
    private final ConfigWaiter waiter;
    private final DirectAnswers direct;
    private final ReservedKeyGuard reserved;
    private volatile ConfigStore store;

    ConfigController(ObjectProvider<ConfigStore> stores, ConfigWaiter waiter, DirectAnswers direct,
            ReservedKeyGuard reserved) {
        this.stores = stores;
        this.waiter = waiter;
        this.direct = direct;
        this.reserved = reserved;
    }

    @Operation(summary = "Read one entry",
            description = "200 with the entry, ETag \"<modRevision>\" and X-Config-Revision; 404 if absent.")
    @GetMapping(path = BASE + "**", params = "!waitRevision")
    void get(HttpServletRequest request, HttpServletResponse response,
            @Parameter(description = "linearizable (default) or stale")
            @RequestParam(required = false) String consistency,
            @Parameter(description = "long-poll timeout; only with waitRevision")
            @RequestParam(required = false) String timeout) throws IOException {
        String key = ConfigKeys.keyFromPath(request, BASE);
        Consistency c = ConfigParams.consistency(consistency);
        ConfigParams.timeout(timeout); // validated even where it does not apply
        KeyState s = Async.await(store().read(c, sm -> new KeyState(sm.get(key), sm.revision(), false)),
                OPERATION_TIMEOUT);
        direct.write(response, ConfigResponses.current(key, s.entry(), s.revision()));
    }

    @Operation(summary = "Long-poll one entry",
            description = "Answers as soon as the key changed after revision waitRevision (200, or 404 if "
                    + "deleted), or after timeout seconds (default 30, max 300) with the current state. The first "
                    + "check uses the requested consistency; re-checks while waiting read the local replica.")
    @GetMapping(path = BASE + "**", params = "waitRevision")
    DeferredResult<ResponseEntity<Object>> awaitChange(HttpServletRequest request,
            @Parameter(description = "linearizable (default) or stale")
            @RequestParam(required = false) String consistency,
            @Parameter(description = "answer once the key changed after this revision")
            @RequestParam String waitRevision,
            @Parameter(description = "long-poll timeout in seconds, 0-300, default 30")
            @RequestParam(required = false) String timeout) {
        String key = ConfigKeys.keyFromPath(request, BASE);
        Consistency c = ConfigParams.consistency(consistency);
        Long after = ConfigParams.revision("waitRevision", waitRevision);
        Duration wait = ConfigParams.timeout(timeout);
        return Async.defer(waiter.awaitKey(store(), key, after, c, wait)
                .thenApply(s -> ConfigResponses.current(key, s.entry(), s.revision())), wait.plus(WAIT_MARGIN));
    }

    @Operation(summary = "List entries by key prefix",
            description = "200 {\"revision\", \"entries\"} sorted by key; all entries if prefix is empty or absent.")
    @GetMapping("/api/config")
    ResponseEntity<Object> list(
            @Parameter(description = "key prefix, 0-512 characters of [A-Za-z0-9._~:/-]")
            @RequestParam(required = false) String prefix,
            @Parameter(description = "linearizable (default) or stale")
            @RequestParam(required = false) String consistency) {
        String p = ConfigKeys.checkPrefix(prefix);
        Consistency c = ConfigParams.consistency(consistency);
        ConfigJson.EntryList list = Async.await(store().read(c, sm -> new ConfigJson.EntryList(sm.revision(),
                sm.range(p).stream().map(ConfigJson.Entry::of).toList())), OPERATION_TIMEOUT);
        return ResponseEntity.ok().headers(ConfigResponses.revisionOnly(list.revision())).body(list);
    }

    @Operation(summary = "Create or replace one entry",
            description = "Body {\"value\": \"<string of at most 64 KiB UTF-8>\"}. 201 created, 200 replaced. "
                    + "If-Match: \"<modRevision>\" writes only over that version, If-None-Match: * only creates; "
                    + "412 otherwise. 503 if the cluster cannot commit the write. " + RESERVED_NOTE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = ConfigJson.PutBody.class)))
    @PutMapping(path = BASE + "**")
    void put(HttpServletRequest request, HttpServletResponse response)
            throws IOException, HttpMediaTypeNotSupportedException {
        String key = ConfigKeys.keyFromPath(request, BASE);
        reserved.checkWrite(request, key);
        ConfigJson.PutBody body = direct.readPutBody(request);
        Precondition precondition = ConfigParams.precondition(request, true);
        if (body.value() == null || !body.value().isString()) {
            throw ConfigParams.bad("Field 'value' is required and must be a JSON string");
        }
        String value = body.value().stringValue();
        ConfigParams.checkValue(value);
        write(response, ConfigWrite.put(key, value, precondition));
    }

    @Operation(summary = "Delete one entry",
            description = "204 deleted, 404 absent; If-Match: \"<modRevision>\" deletes only that version (412). "
                    + RESERVED_NOTE)
    @DeleteMapping(BASE + "**")
    void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = ConfigKeys.keyFromPath(request, BASE);
        reserved.checkWrite(request, key);
        Precondition precondition = ConfigParams.precondition(request, false);
        write(response, ConfigWrite.delete(key, precondition));
    }

    /** Proposes the write and answers as its result says; a write that can never match is read, not proposed. */
    private void write(HttpServletResponse response, ConfigWrite write) throws IOException {
        ConfigStore store = store();
        if (write.neverMatches()) {
            KeyState s = Async.await(store.read(Consistency.LINEARIZABLE,
                    sm -> new KeyState(sm.get(write.key()), sm.revision(), false)), OPERATION_TIMEOUT);
            throw write.neverMatched(s.entry(), s.revision());
        }
        direct.write(response, write.answer(Async.await(store.write(write.command()), OPERATION_TIMEOUT)));
    }

    private ConfigStore store() {
        ConfigStore store = this.store;
        if (store == null) { // looked up once: a bean lookup on every request costs more than the read itself
            store = stores.getIfAvailable();
            if (store == null) {
                throw new StoreUnavailableException("This node has no config store");
            }
            this.store = store;
        }
        return store;
    }
}
