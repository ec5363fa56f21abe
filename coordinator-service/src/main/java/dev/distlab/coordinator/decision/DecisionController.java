package dev.distlab.coordinator.decision;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.Requests;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /internal/bank/decisions/{txId}?mode=paxos|local&preparedAt=<instant>} (token required): what a
 * participant with an in-doubt branch asks its coordinator. A local-mode transaction unknown here is presumed
 * aborted — unless it was prepared so long ago that this history may have let it go, or its branch is in paxos
 * mode (the store decides those, and a paxos-mode participant asks only once the store has no decision): then the
 * answer is UNKNOWN, and the participant ends the branch HEURISTIC. One still PREPARING past the vote timeout is
 * decided ABORT here and now in local mode (the same conditional update the request thread uses, so only one of
 * them decides).
 */
@RestController
class DecisionController {

    private static final Logger log = LoggerFactory.getLogger(DecisionController.class);
    private static final String PENDING = "PENDING";
    private static final String UNKNOWN = "UNKNOWN";

    /** The answer: COMMIT, ABORT, PENDING or UNKNOWN. */
    record Answer(String outcome) {
    }

    private final TransactionHistory history;
    private final LocalDecisionLog local;
    private final PaxosDecisionLog paxos;
    private final BankProperties properties;
    private final BankMetrics metrics;
    private final Clock clock;

    DecisionController(TransactionHistory history, LocalDecisionLog local, PaxosDecisionLog paxos,
            BankProperties properties, BankMetrics metrics, Clock clock) {
        this.clock = clock;
        this.history = history;
        this.local = local;
        this.paxos = paxos;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Operation(summary = "The decision of one transaction, for an in-doubt participant",
            description = "{outcome: COMMIT | ABORT | PENDING | UNKNOWN}. mode: the asking branch's (paxos or "
                    + "local; local if absent); preparedAt: when it was prepared. Unknown local-mode transactions are "
                    + "presumed aborted unless prepared longer ago than half the history retention (UNKNOWN).")
    @GetMapping("/internal/bank/decisions/{txId}")
    Answer decision(@PathVariable String txId, @RequestParam(required = false) String mode,
            @RequestParam(required = false) String preparedAt) {
        String id = Requests.txId(txId);
        Mode asking = mode == null ? Mode.LOCAL : Mode.fromWire(mode);
        if (asking == null) {
            throw BankProblems.bad("Parameter 'mode' is paxos or local");
        }
        Instant prepared = instant(preparedAt);
        Optional<TransactionRecord> known = history.find(id);
        if (known.isPresent() && Mode.fromWire(known.get().getMode()) == Mode.PAXOS) {
            Outcome decided = Outcome.of(known.get().getStatus());
            if (decided != null) {
                return new Answer(decided.name());
            }
            try {
                return new Answer(paxos.read(id).map(Outcome::name).orElse(PENDING));
            } catch (DecisionUnknownException e) {
                return new Answer(PENDING);
            }
        }
        if (known.isEmpty() && (asking == Mode.PAXOS || mayHaveBeenForgotten(prepared))) {
            metrics.recovery("inquiry-unknown");
            log.warn("A participant asked about transaction {} ({} mode, prepared {}), which this coordinator has no "
                    + "record of and may not presume aborted: UNKNOWN", id, asking.wire(),
                    prepared == null ? "at an unknown time" : "at " + prepared);
            return new Answer(UNKNOWN);
        }
        boolean wasPreparing = known.isPresent() && !known.get().getStatus().isDecided();
        Optional<DecisionLog.Decision> decision = local.inquire(id);
        if (decision.isEmpty()) {
            return new Answer(PENDING);
        }
        Outcome outcome = decision.get().outcome();
        if (known.isEmpty()) {
            log.info("A participant asked about transaction {}, unknown here: ABORT (presumed abort)", id);
        } else if (wasPreparing && outcome == Outcome.ABORT) {
            metrics.recovery("inquiry-abort");
            log.info("A participant asked about transaction {}, PREPARING here past the vote timeout: decided {}",
                    id, outcome);
        }
        return new Answer(outcome.name());
    }

    /**
     * Whether a transaction prepared at {@code prepared} may have been removed from this history: completed ones
     * go history-retention after completion, so only one prepared within the last half of it surely would still
     * be here (the other half is a margin for the participant's clock).
     */
    private boolean mayHaveBeenForgotten(Instant prepared) {
        return prepared != null && prepared.isBefore(clock.instant().minus(properties.historyRetention().dividedBy(2)));
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw BankProblems.bad("Parameter 'preparedAt' must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
        }
    }
}
