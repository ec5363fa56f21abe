package dev.distlab.participant.config;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.paxos.kv.EventsResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** {@code GET /api/watch}: the changes under a prefix after a revision, waiting for the next ones. */
@RestController
class WatchController {

    private final ObjectProvider<ConfigStore> stores;
    private final ConfigWaiter waiter;

    WatchController(ObjectProvider<ConfigStore> stores, ConfigWaiter waiter) {
        this.stores = stores;
        this.waiter = waiter;
    }

    @Operation(summary = "Watch a prefix",
            description = "200 {\"revision\", \"events\": [{\"type\", \"key\", \"value\", \"modRevision\"}]}: every "
                    + "change under prefix after afterRevision in revision order, waiting up to timeout seconds "
                    + "(default 30, max 300) while there is none (then events is empty and revision is the current "
                    + "one). Without afterRevision it waits for the next change after the current revision. "
                    + "Continue with afterRevision = revision: an answer holds at most 1000 events, and then its "
                    + "revision is that of its last event. 410 with compactRevision when history after "
                    + "afterRevision is no longer kept.")
    @GetMapping("/api/watch")
    DeferredResult<ResponseEntity<Object>> watch(
            @Parameter(description = "key prefix, 0-512 characters of [A-Za-z0-9._~:/-]; empty: every key")
            @RequestParam(required = false) String prefix,
            @Parameter(description = "report changes after this revision; default: the current revision")
            @RequestParam(required = false) String afterRevision,
            @Parameter(description = "seconds to wait for a change, 0-300, default 30")
            @RequestParam(required = false) String timeout,
            @Parameter(description = "consistency of the first read: linearizable (default) or stale")
            @RequestParam(required = false) String consistency) {
        String p = ConfigKeys.checkPrefix(prefix);
        Long after = ConfigParams.revision("afterRevision", afterRevision);
        Duration wait = ConfigParams.timeout(timeout);
        Consistency c = ConfigParams.consistency(consistency);
        ConfigStore store = stores.getIfAvailable();
        if (store == null) {
            throw new StoreUnavailableException("This node has no config store");
        }
        return Async.defer(waiter.watch(store, p, after, c, wait).thenApply(s -> answer(s.after(), s.result())),
                wait.plus(ConfigController.WAIT_MARGIN));
    }

    private static ResponseEntity<Object> answer(long after, EventsResult result) {
        if (result.isCompacted()) {
            ProblemException gone = new ProblemException(HttpStatus.GONE, "History after revision " + after
                    + " was compacted; it is kept from revision " + result.compactRevision()
                    + " on. Read the current state and watch from its revision");
            gone.getProblem().setProperty("compactRevision", result.compactRevision());
            gone.getProblem().setProperty("revision", result.revision());
            gone.getHeaders().set(ConfigResponses.REVISION_HEADER, Long.toString(result.revision()));
            return throwing(gone);
        }
        ConfigJson.Events events = ConfigWaiter.limit(result);
        return ResponseEntity.ok().headers(ConfigResponses.revisionOnly(result.revision())).body(events);
    }

    private static <T> T throwing(RuntimeException e) {
        throw e;
    }
}
