package dev.distlab.coordinator.bank;

import java.util.List;

import dev.distlab.common.validation.AccountId;
import dev.distlab.coordinator.Requests;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The JSON shapes of {@code /api/accounts}. */
final class AccountJson {

    private AccountJson() {
    }

    /** {@code POST /api/accounts} body. */
    record NewAccount(
            @AccountId String id,
            @NotNull(message = Requests.MINOR_UNITS)
            @Min(value = 0, message = Requests.BALANCE_RANGE)
            @Max(value = Requests.MAX_BALANCE, message = Requests.BALANCE_RANGE) Long balance) {
    }

    /** One account: its committed balance and the participant that owns it. */
    record AccountView(String id, long balance, String participant) {
    }

    /** {@code GET /api/accounts}: every account of one consistent cut, sorted by id, and their sum. */
    record AccountList(List<AccountView> accounts, long total) {
    }
}
