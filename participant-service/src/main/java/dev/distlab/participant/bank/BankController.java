package dev.distlab.participant.bank;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.validation.AccountId;
import dev.distlab.participant.bank.BankJson.AccountBalance;
import dev.distlab.participant.bank.BankJson.AccountState;
import dev.distlab.participant.bank.BankJson.BranchList;
import dev.distlab.participant.bank.BankJson.BranchView;
import dev.distlab.participant.bank.BankJson.LockList;
import dev.distlab.participant.bank.BankJson.Outcome;
import dev.distlab.participant.bank.BankJson.Released;
import dev.distlab.participant.bank.BankJson.Snapshot;
import dev.distlab.participant.bank.BankJson.VoteAnswer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/**
 * {@code /internal/bank}: the participant side of two-phase commit, as BANK.md describes it. Every call needs
 * the cluster token (the platform's filter guards {@code /internal/**}) and is idempotent by id.
 */
@RestController
@RequestMapping("/internal/bank")
class BankController {

    private final BankService bank;

    BankController(BankService bank) {
        this.bank = bank;
    }

    @Operation(summary = "Create an account on this shard", description = "201 {id, balance}; 409 if it exists.")
    @PostMapping("/accounts")
    ResponseEntity<AccountBalance> create(@Valid @RequestBody BankJson.NewAccount body) {
        Account account = bank.createAccount(body.id(), body.balance());
        return ResponseEntity.created(URI.create("/internal/bank/accounts/" + body.id()))
                .body(AccountBalance.of(account));
    }

    @Operation(summary = "One account's committed balance and the transaction that locks it, if any")
    @GetMapping("/accounts/{id}")
    AccountState account(@PathVariable @AccountId String id) {
        Account account = bank.account(id);
        return new AccountState(account.getId(), account.getBalance(), bank.lockedBy(account.getId()));
    }

    @Operation(summary = "Phase 1: vote on this branch",
            description = "200 {txId, vote: YES|NO, reason, state}. A YES is on disk before the answer; a repeat "
                    + "is answered from the record.")
    @PostMapping("/transactions/{txId}/prepare")
    VoteAnswer prepare(@PathVariable String txId, @Valid @RequestBody BankJson.PrepareBody body) {
        String id = BankRequests.txId(txId);
        return VoteAnswer.of(bank.prepare(id, BankRequests.prepare(body)));
    }

    @Operation(summary = "Phase 2: commit this branch", description = "200 {txId, state: COMMITTED}; 404 if never "
            + "prepared here; 409 if ABORTED.")
    @PostMapping("/transactions/{txId}/commit")
    Outcome commit(@PathVariable String txId) {
        String id = BankRequests.txId(txId);
        return new Outcome(id, bank.commit(id));
    }

    @Operation(summary = "Phase 2: abort this branch", description = "200 {txId, state: ABORTED}, also for a "
            + "transaction never seen (a tombstone makes a late prepare vote NO); 409 if COMMITTED.")
    @PostMapping("/transactions/{txId}/abort")
    Outcome abort(@PathVariable String txId) {
        String id = BankRequests.txId(txId);
        return new Outcome(id, bank.abort(id));
    }

    @Operation(summary = "This participant's record of one branch")
    @GetMapping("/transactions/{txId}")
    BranchView branch(@PathVariable String txId) {
        return BranchView.of(bank.branch(BankRequests.txId(txId)));
    }

    @Operation(summary = "Branches recorded here, optionally only those in one state (e.g. PREPARED)")
    @GetMapping("/transactions")
    BranchList branches(@RequestParam(required = false) String state) {
        return new BranchList(bank.branches(BankRequests.state(state)).stream().map(BranchView::of).toList());
    }

    @Operation(summary = "Held account locks: which transaction holds which account")
    @GetMapping("/locks")
    LockList locks() {
        return new LockList(bank.locks());
    }

    @Operation(summary = "Freeze new prepares, drain the PREPARED branches and read every balance",
            description = "200 {snapshotId, accounts} while frozen; 503 if the branches cannot drain in time. The "
                    + "freeze lapses by itself unless released.")
    @PostMapping("/snapshots/{snapshotId}")
    Snapshot snapshot(@PathVariable String snapshotId) {
        String id = BankRequests.snapshotId(snapshotId);
        List<AccountBalance> accounts = bank.snapshot(id).stream().map(AccountBalance::of).toList();
        return new Snapshot(id, accounts);
    }

    @Operation(summary = "Lift a snapshot's freeze", description = "200 {snapshotId, held}: whether the freeze was "
            + "still in force when released.")
    @DeleteMapping("/snapshots/{snapshotId}")
    Released release(@PathVariable String snapshotId) {
        String id = BankRequests.snapshotId(snapshotId);
        return new Released(id, bank.releaseSnapshot(id));
    }
}
