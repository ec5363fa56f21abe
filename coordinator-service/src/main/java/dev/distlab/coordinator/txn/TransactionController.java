package dev.distlab.coordinator.txn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.Peers;
import dev.distlab.coordinator.Requests;
import dev.distlab.coordinator.history.TxStatus;
import dev.distlab.coordinator.txn.TransactionJson.Committed;
import dev.distlab.coordinator.txn.TransactionJson.OperationBody;
import dev.distlab.coordinator.txn.TransactionJson.TransactionBody;
import dev.distlab.coordinator.txn.TransactionJson.TransactionList;
import dev.distlab.coordinator.txn.TransactionJson.TransferBody;
import dev.distlab.coordinator.txn.TransactionJson.TransactionView;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/**
 * {@code /api/transfers} and {@code /api/transactions}: run a transaction by two-phase commit, and read the
 * history. Input is checked completely before anything is sent anywhere.
 */
@RestController
class TransactionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TransactionService transactions;
    private final TransactionQueries queries;
    private final Peers peers;

    TransactionController(TransactionService transactions, TransactionQueries queries, Peers peers) {
        this.transactions = transactions;
        this.queries = queries;
        this.peers = peers;
    }

    @Operation(summary = "Move an amount between two accounts, atomically",
            description = "201 {transactionId, status: COMMITTED}; refusals are problems with transactionId, "
                    + "transactionStatus and reason (422 INSUFFICIENT_FUNDS, 409 CONFLICT, 503 TIMEOUT / "
                    + "PARTICIPANT_UNAVAILABLE / UNKNOWN, 404 unknown account).")
    @PostMapping("/api/transfers")
    ResponseEntity<Committed> transfer(@Valid @RequestBody TransferBody body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        if (body.from().equals(body.to())) {
            throw ProblemException.invalid("to", "must be a different account than 'from'");
        }
        String idempotencyKey = Requests.idempotencyKey(key);
        return TxAnswers.answer(
                transactions.submit(TxRequest.transfer(body.from(), body.to(), body.amount()), idempotencyKey));
    }

    @Operation(summary = "Apply changes to any number of accounts (each once), atomically",
            description = "Answers like a transfer.")
    @PostMapping("/api/transactions")
    ResponseEntity<Committed> transaction(@Valid @RequestBody TransactionBody body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        List<dev.distlab.coordinator.Operation> operations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.operations().size(); i++) {
            OperationBody op = body.operations().get(i);
            if (op.delta() == 0) {
                throw ProblemException.invalid("operations[" + i + "].delta", Requests.DELTA_RANGE);
            }
            if (!seen.add(op.account())) {
                throw ProblemException.invalid("operations[" + i + "].account",
                        "account '" + op.account() + "' appears more than once in 'operations'");
            }
            operations.add(new dev.distlab.coordinator.Operation(op.account(), op.delta()));
        }
        String idempotencyKey = Requests.idempotencyKey(key);
        return TxAnswers.answer(transactions.submit(TxRequest.transaction(operations), idempotencyKey));
    }

    @Operation(summary = "One transaction: status, reason, branches and times",
            description = "From this coordinator's history, else from a peer coordinator's; 404 if every peer "
                    + "answered that it does not know it, 503 if a peer could not be asked.")
    @GetMapping("/api/transactions/{id}")
    ResponseEntity<?> get(@PathVariable String id) {
        String txId = Requests.txId(id);
        var local = queries.find(txId);
        if (local.isPresent()) {
            return ResponseEntity.ok(local.get());
        }
        Peers.Lookup remote = peers.transaction(txId);
        if (remote.found().isPresent()) {
            return ResponseEntity.ok(remote.found().get());
        }
        if (!remote.unreachable().isEmpty()) {
            String who = (remote.unreachable().size() > 1 ? "coordinators " : "coordinator ")
                    + String.join(", ", remote.unreachable());
            ProblemException unavailable = BankProblems.unavailable(
                    "Transaction " + txId + " is not here and peer " + who + " could not be asked");
            unavailable.getProblem().setProperty("transactionId", txId);
            throw unavailable;
        }
        throw BankProblems.notFound("No coordinator knows transaction " + txId, "transactionId", txId);
    }

    @Operation(summary = "This coordinator's most recent transactions, newest first",
            description = "status: PREPARING, COMMITTED, ABORTED or HEURISTIC (all if absent); limit 1-1000, "
                    + "default 20.")
    @GetMapping("/api/transactions")
    TransactionList recent(@RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit) {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 1000) {
            throw BankProblems.bad("Parameter 'limit' must be between 1 and 1000");
        }
        boolean heuristic = TransactionJson.HEURISTIC.equals(status);
        return new TransactionList(queries.recent(heuristic ? null : status(status), heuristic, n));
    }

    /** {@code GET /internal/bank/transactions/{id}}: this coordinator's own record only, for its peers. */
    @Operation(summary = "One transaction from this coordinator's history only (for peer coordinators)")
    @GetMapping("/internal/bank/transactions/{id}")
    TransactionView own(@PathVariable String id) {
        String txId = Requests.txId(id);
        return queries.find(txId).orElseThrow(
                () -> BankProblems.notFound("Transaction " + txId + " is not in this coordinator's history",
                        "transactionId", txId));
    }

    private static TxStatus status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        for (TxStatus s : TxStatus.values()) {
            if (s.name().equals(status)) {
                return s;
            }
        }
        throw BankProblems.bad("Parameter 'status' is one of PREPARING, COMMITTED, ABORTED, HEURISTIC");
    }
}
