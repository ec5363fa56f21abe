package dev.distlab.coordinator.bank;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.validation.AccountId;
import dev.distlab.coordinator.bank.AccountJson.AccountList;
import dev.distlab.coordinator.bank.AccountJson.AccountView;
import dev.distlab.coordinator.bank.AccountJson.NewAccount;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

/** {@code /api/accounts}: create an account, read one, or read all of them in one consistent cut. */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService accounts;
    private final SnapshotService snapshots;

    AccountController(AccountService accounts, SnapshotService snapshots) {
        this.accounts = accounts;
        this.snapshots = snapshots;
    }

    @Operation(summary = "Create an account", description = "201 {id, balance, participant}; 409 if it exists.")
    @PostMapping
    ResponseEntity<AccountView> create(@Valid @RequestBody NewAccount body) {
        AccountView created = accounts.create(body.id(), body.balance());
        return ResponseEntity.created(URI.create("/api/accounts/" + body.id())).body(created);
    }

    @Operation(summary = "One account's committed balance and its participant")
    @GetMapping("/{id}")
    AccountView get(@PathVariable @AccountId String id) {
        return accounts.get(id);
    }

    @Operation(summary = "Every account in one consistent snapshot, sorted by id, with their total",
            description = "Never shows a transaction half applied: the total changes only when accounts are created.")
    @GetMapping
    AccountList all() {
        return snapshots.snapshot();
    }
}
