package dev.distlab.coordinator.decision;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.coordinator.BankMetrics;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.Requests;
import dev.distlab.coordinator.history.TransactionHistory;
import dev.distlab.coordinator.history.TransactionRecord;
import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /internal/bank/decisions/{txId}} (token required): what a local-mode participant with an in-doubt
 * branch asks its coordinator. A transaction unknown here is presumed aborted; one still PREPARING past the vote
 * timeout is decided ABORT here and now (the same conditional update the request thread uses, so only one of
 * them decides).
 */
@RestController
class DecisionController {

    private static final Logger log = LoggerFactory.getLogger(DecisionController.class);
    private static final String PENDING = "PENDING";

    /** The answer: COMMIT, ABORT or PENDING. */
    record Answer(String outcome) {
    }

    private final TransactionHistory history;
    private final LocalDecisionLog local;
    private final PaxosDecisionLog paxos;
    private final BankMetrics metrics;

    DecisionController(TransactionHistory history, LocalDecisionLog local, PaxosDecisionLog paxos,
            BankMetrics metrics) {
        this.history = history;
        this.local = local;
        this.paxos = paxos;
        this.metrics = metrics;
    }

    @Operation(summary = "The decision of one transaction, for an in-doubt participant",
            description = "{outcome: COMMIT | ABORT | PENDING}; unknown transactions are presumed aborted.")
    @GetMapping("/internal/bank/decisions/{txId}")
    Answer decision(@PathVariable String txId) {
        Optional<TransactionRecord> known = history.find(Requests.txId(txId));
        if (known.isPresent() && Mode.fromWire(known.get().getMode()) == Mode.PAXOS) {
            Outcome decided = Outcome.of(known.get().getStatus());
            if (decided != null) {
                return new Answer(decided.name());
            }
            try {
                return new Answer(paxos.read(txId).map(Outcome::name).orElse(PENDING));
            } catch (DecisionUnknownException e) {
                return new Answer(PENDING);
            }
        }
        boolean wasPreparing = known.isPresent() && !known.get().getStatus().isDecided();
        Optional<DecisionLog.Decision> decision = local.inquire(txId);
        if (decision.isEmpty()) {
            return new Answer(PENDING);
        }
        Outcome outcome = decision.get().outcome();
        if (known.isEmpty()) {
            log.info("A participant asked about transaction {}, unknown here: ABORT (presumed abort)", txId);
        } else if (wasPreparing && outcome == Outcome.ABORT) {
            metrics.recovery("inquiry-abort");
            log.info("A participant asked about transaction {}, PREPARING here past the vote timeout: decided {}",
                    txId, outcome);
        }
        return new Answer(outcome.name());
    }
}
