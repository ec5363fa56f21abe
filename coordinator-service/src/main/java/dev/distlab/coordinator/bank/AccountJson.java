package dev.distlab.coordinator.bank;

import java.util.List;

/** The JSON shapes of {@code /api/accounts}. */
final class AccountJson {

    private AccountJson() {
    }

    /** {@code POST /api/accounts} body. */
    record NewAccount(String id, Long balance) {
    }

    /** One account: its committed balance and the participant that owns it. */
    record AccountView(String id, long balance, String participant) {
    }

    /** {@code GET /api/accounts}: every account of one consistent cut, sorted by id, and their sum. */
    record AccountList(List<AccountView> accounts, long total) {
    }
}
