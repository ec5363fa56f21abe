package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.assertProblem;
import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.participant.bank.BankHttp.Op;
import tools.jackson.databind.JsonNode;

/** The internal bank endpoints one by one: accounts, votes and their reasons, phase 2, repeats, locks. */
class BankEndpointsTest extends BankApiTestBase {

    @Test
    void createdAccountIsReadBackWithItsBalanceAndNoLock() {
        String id = BankHttp.account("alice");
        HttpResponse<String> created = bank.createAccount(id, 100);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/internal/bank/accounts/" + id);
        assertThat(json(created).path("id").asString()).isEqualTo(id);
        assertThat(json(created).path("balance").asLong()).isEqualTo(100);

        HttpResponse<String> read = bank.send("GET", "/internal/bank/accounts/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode account = json(read);
        assertThat(account.path("balance").asLong()).isEqualTo(100);
        assertThat(account.has("lockedBy")).isTrue();
        assertThat(account.path("lockedBy").isNull()).isTrue();
    }

    @Test
    void creatingAnExistingAccountIsAConflictAndKeepsTheFirstBalance() {
        String id = bank.newAccount("dup", 5);
        assertProblem(bank.createAccount(id, 999), 409);
        assertThat(bank.balance(id)).isEqualTo(5);
    }

    @Test
    void accountsAtTheBalanceBoundsAreAccepted() {
        String zero = BankHttp.account("zero");
        String max = BankHttp.account("max");
        bank.createAccounts(0, zero);
        bank.createAccounts(1_000_000_000_000_000L, max);
        assertThat(bank.balance(max)).isEqualTo(1_000_000_000_000_000L);
    }

    @Test
    void unknownAccountIsNotFound() {
        assertProblem(bank.send("GET", "/internal/bank/accounts/" + BankHttp.account("ghost"), null), 404);
    }

    @Test
    void prepareVotesYesRecordsThePreparedBranchAndLocksItsAccounts() {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String tx = BankHttp.txId();

        JsonNode vote = bank.vote(tx, new Op(a, -30), new Op(b, 30));
        assertThat(vote.path("txId").asString()).isEqualTo(tx);
        assertThat(vote.path("vote").asString()).isEqualTo("YES");
        assertThat(vote.path("reason").isNull()).isTrue();
        assertThat(vote.path("state").asString()).isEqualTo("PREPARED");

        JsonNode branch = json(bank.branch(tx));
        assertThat(branch.path("state").asString()).isEqualTo("PREPARED");
        assertThat(branch.path("vote").asString()).isEqualTo("YES");
        assertThat(branch.path("mode").asString()).isEqualTo("paxos");
        assertThat(branch.path("coordinator").asString()).isEqualTo("coordinator-1");
        assertThat(branch.path("participants").get(0).asString()).isEqualTo("participant-7");
        assertThat(branch.path("operations").get(0).path("account").asString()).isEqualTo(a);
        assertThat(branch.path("operations").get(0).path("delta").asLong()).isEqualTo(-30);
        assertThat(branch.path("preparedAt").asString()).isNotEmpty();
        assertThat(branch.path("decidedAt").isNull()).isTrue();

        assertThat(lockHolders(a, b)).containsExactly(tx, tx);
        assertThat(json(bank.send("GET", "/internal/bank/accounts/" + a, null)).path("lockedBy").asString())
                .isEqualTo(tx);
        assertThat(json(bank.send("GET", "/internal/bank/transactions?state=PREPARED", null)).path("branches")
                .findValuesAsString("txId")).contains(tx);
        // prepared is not applied: the committed balance is unchanged
        assertThat(bank.balance(a)).isEqualTo(100);
        bank.abort(tx);
    }

    @Test
    void commitAppliesTheDeltasReleasesTheLocksAndRepeatsHarmlessly() {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String tx = bank.prepared(new Op(a, -30), new Op(b, 30));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> commit = bank.commit(tx);
            assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
            assertThat(json(commit).path("txId").asString()).isEqualTo(tx);
            assertThat(json(commit).path("state").asString()).isEqualTo("COMMITTED");
        }
        assertThat(bank.balance(a)).isEqualTo(70);
        assertThat(bank.balance(b)).isEqualTo(130);
        assertThat(lockHolders(a, b)).containsOnlyNulls();
        JsonNode branch = json(bank.branch(tx));
        assertThat(branch.path("state").asString()).isEqualTo("COMMITTED");
        assertThat(branch.path("decidedAt").asString()).isNotEmpty();
        // a late repeat of the prepare gets the recorded vote and takes no lock
        JsonNode again = bank.vote(tx, new Op(a, -30), new Op(b, 30));
        assertThat(again.path("vote").asString()).isEqualTo("YES");
        assertThat(again.path("state").asString()).isEqualTo("COMMITTED");
        assertThat(lockHolders(a, b)).containsOnlyNulls();
        assertThat(bank.balance(a)).isEqualTo(70);
    }

    @Test
    void abortReleasesTheLocksChangesNoBalanceAndRepeatsHarmlessly() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, -60));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> abort = bank.abort(tx);
            assertThat(abort.statusCode()).as(abort.body()).isEqualTo(200);
            assertThat(json(abort).path("state").asString()).isEqualTo("ABORTED");
        }
        assertThat(bank.balance(a)).isEqualTo(100);
        assertThat(lockHolders(a)).containsOnlyNulls();
        // the account is free for the next transaction
        assertThat(bank.vote(BankHttp.txId(), new Op(a, -100)).path("vote").asString()).isEqualTo("YES");
        JsonNode late = bank.vote(tx, new Op(a, -60));
        assertThat(late.path("vote").asString()).isEqualTo("NO");
        assertThat(late.path("reason").asString()).isEqualTo("ABORTED");
        bank.abortAllPrepared();
    }

    @Test
    void prepareAsTheCoordinatorSendsItWithNullsIsAccepted() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        String body = "{\"coordinator\":\"coordinator-1\",\"coordinatorUrl\":null,\"mode\":\"paxos\","
                + "\"participants\":[\"participant-1\",\"participant-2\"],\"operations\":[{\"account\":\"" + a
                + "\",\"delta\":-1}],\"createdAt\":\"" + Instant.now() + "\"}";
        HttpResponse<String> r = bank.send("POST", "/internal/bank/transactions/" + tx + "/prepare", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("vote").asString()).isEqualTo("YES");
        String empty = body.replace("\"coordinatorUrl\":null", "\"coordinatorUrl\":\"\"");
        String other = bank.newAccount("b", 100);
        HttpResponse<String> r2 = bank.send("POST", "/internal/bank/transactions/" + BankHttp.txId() + "/prepare",
                empty.replace(a, other));
        assertThat(json(r2).path("vote").asString()).as(r2.body()).isEqualTo("YES");
        bank.abortAllPrepared();
    }

    @Test
    void repeatedPrepareOfAPreparedBranchVotesYesAgainWithoutLockingTwice() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, -10));
        JsonNode again = bank.vote(tx, new Op(a, -10));
        assertThat(again.path("vote").asString()).isEqualTo("YES");
        assertThat(again.path("state").asString()).isEqualTo("PREPARED");
        assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
        assertThat(bank.balance(a)).isEqualTo(90);
    }

    @Test
    void unknownAccountVotesNoAndIsRecordedAborted() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        JsonNode vote = bank.vote(tx, new Op(a, 10), new Op(BankHttp.account("nobody"), -10));
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(vote.path("state").asString()).isEqualTo("ABORTED");
        assertThat(lockHolders(a)).containsOnlyNulls();
        JsonNode branch = json(bank.branch(tx));
        assertThat(branch.path("state").asString()).isEqualTo("ABORTED");
        assertThat(branch.path("vote").asString()).isEqualTo("NO");
        assertThat(branch.path("reason").asString()).isEqualTo("UNKNOWN_ACCOUNT");
        // the repeat gets the same NO
        assertThat(bank.vote(tx, new Op(a, 10)).path("reason").asString()).isEqualTo("UNKNOWN_ACCOUNT");
        assertProblem(bank.commit(tx), 409);
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void overdraftVotesNoInsufficientFunds() {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(50, a, b);
        JsonNode vote = bank.vote(BankHttp.txId(), new Op(b, 51), new Op(a, -51));
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(lockHolders(a, b)).containsOnlyNulls();
        // exactly to zero is fine
        String tx = BankHttp.txId();
        assertThat(bank.vote(tx, new Op(a, -50)).path("vote").asString()).isEqualTo("YES");
        bank.commit(tx);
        assertThat(bank.balance(a)).isZero();
    }

    @Test
    void balanceOverTheLimitVotesNoBalanceLimit() {
        String rich = BankHttp.account("rich");
        bank.createAccounts(1_000_000_000_000_000L - 5, rich);
        JsonNode vote = bank.vote(BankHttp.txId(), new Op(rich, 6));
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("BALANCE_LIMIT");
        assertThat(bank.vote(BankHttp.txId(), new Op(rich, 5)).path("vote").asString()).isEqualTo("YES");
        bank.abortAllPrepared();
    }

    @Test
    void lockedAccountVotesNoConflictAtOnceAndRecordsNothing() {
        String a = BankHttp.account("a");
        String b = BankHttp.account("b");
        bank.createAccounts(100, a, b);
        String holder = bank.prepared(new Op(a, -1));

        String loser = BankHttp.txId();
        long start = System.nanoTime();
        JsonNode vote = bank.vote(loser, new Op(b, 1), new Op(a, 1));
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to vote").isLessThan(900);
        assertThat(vote.path("vote").asString()).isEqualTo("NO");
        assertThat(vote.path("reason").asString()).isEqualTo("CONFLICT");
        // all or none: b was not locked, and nothing was recorded for the loser
        assertThat(lockHolders(a, b)).containsExactly(holder, null);
        assertProblem(bank.branch(loser), 404);
        bank.abort(holder);
        // once free, the same transaction may prepare again
        assertThat(bank.vote(loser, new Op(b, 1), new Op(a, 1)).path("vote").asString()).isEqualTo("YES");
        bank.abort(loser);
    }

    @Test
    void abortOfAnUnknownTransactionLeavesATombstoneSoALatePrepareVotesNo() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        HttpResponse<String> abort = bank.abort(tx);
        assertThat(abort.statusCode()).isEqualTo(200);
        assertThat(json(abort).path("state").asString()).isEqualTo("ABORTED");
        JsonNode tombstone = json(bank.branch(tx));
        assertThat(tombstone.path("state").asString()).isEqualTo("ABORTED");
        assertThat(tombstone.path("vote").isNull()).isTrue();

        JsonNode late = bank.vote(tx, new Op(a, -10));
        assertThat(late.path("vote").asString()).isEqualTo("NO");
        assertThat(late.path("reason").asString()).isEqualTo("ABORTED");
        assertThat(lockHolders(a)).containsOnlyNulls();
        assertProblem(bank.commit(tx), 409);
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void commitOfATransactionNeverPreparedHereIsNotFound() {
        JsonNode problem = assertProblem(bank.commit(BankHttp.txId()), 404);
        assertThat(problem.path("txId").asString()).isNotEmpty();
    }

    @Test
    void abortAfterCommitIsAConflictAndChangesNothing() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, 25));
        bank.commit(tx);
        assertProblem(bank.abort(tx), 409);
        assertThat(bank.state(tx)).isEqualTo("COMMITTED");
        assertThat(bank.balance(a)).isEqualTo(125);
    }

    @Test
    void commitAfterAbortIsAConflict() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, 25));
        bank.abort(tx);
        assertProblem(bank.commit(tx), 409);
        assertThat(bank.balance(a)).isEqualTo(100);
    }

    @Test
    void transactionsCanBeListedByState() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, 1));
        bank.commit(tx);
        JsonNode committed = json(bank.send("GET", "/internal/bank/transactions?state=COMMITTED", null));
        assertThat(committed.path("branches").findValuesAsString("txId")).contains(tx);
        JsonNode prepared = json(bank.send("GET", "/internal/bank/transactions?state=PREPARED", null));
        assertThat(prepared.path("branches").findValuesAsString("txId")).doesNotContain(tx);
        assertProblem(bank.send("GET", "/internal/bank/transactions?state=prepared", null), 400);
        assertProblem(bank.branch(BankHttp.txId()), 404);
    }

    @Test
    void everyBankEndpointNeedsTheClusterToken() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        List<String[]> calls = List.of(
                new String[] { "POST", "/internal/bank/accounts", "{\"id\":\"" + BankHttp.account("x") + "\",\"balance\":1}" },
                new String[] { "GET", "/internal/bank/accounts/" + a, null },
                new String[] { "POST", "/internal/bank/transactions/" + tx + "/prepare",
                        BankHttp.prepareBody("paxos", null, List.of(new Op(a, 1))) },
                new String[] { "POST", "/internal/bank/transactions/" + tx + "/commit", null },
                new String[] { "POST", "/internal/bank/transactions/" + tx + "/abort", null },
                new String[] { "GET", "/internal/bank/transactions/" + tx, null },
                new String[] { "GET", "/internal/bank/transactions?state=PREPARED", null },
                new String[] { "GET", "/internal/bank/locks", null },
                new String[] { "POST", "/internal/bank/snapshots/s1", null },
                new String[] { "DELETE", "/internal/bank/snapshots/s1", null });
        for (String[] call : calls) {
            HttpResponse<String> r = bank.send(call[0], call[1], call[2], false);
            assertProblem(r, 401);
        }
        // nothing happened
        assertProblem(bank.branch(tx), 404);
        assertThat(lockHolders(a)).containsOnlyNulls();
    }

    @Test
    void crashAfterTheYesVoteLeavesTheBranchPreparedOnDisk() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        armed("participant.after-vote-durable", () -> bank.prepare(tx, new Op(a, -5)));
        // the reply never left, but the branch is PREPARED and holds its lock
        assertThat(bank.state(tx)).isEqualTo("PREPARED");
        assertThat(lockHolders(a)).containsExactly(tx);
        bank.abort(tx);
    }

    @Test
    void crashBeforeTheVoteRecordsNothing() {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        armed("participant.before-vote", () -> bank.prepare(tx, new Op(a, -5)));
        assertProblem(bank.branch(tx), 404);
        assertThat(lockHolders(a)).containsOnlyNulls();
    }

    @Test
    void crashAfterCommitOrAbortFindsTheOutcomeAlreadyApplied() {
        String a = bank.newAccount("a", 100);
        String committed = bank.prepared(new Op(a, -5));
        armed("participant.after-commit-applied", () -> bank.commit(committed));
        assertThat(bank.state(committed)).isEqualTo("COMMITTED");
        assertThat(bank.balance(a)).isEqualTo(95);

        String aborted = bank.prepared(new Op(a, -5));
        armed("participant.after-abort-applied", () -> bank.abort(aborted));
        assertThat(bank.state(aborted)).isEqualTo("ABORTED");
        assertThat(bank.balance(a)).isEqualTo(95);
    }

    @Test
    void votesPhaseTwoLocksAndForcesAreCountedInPrometheus() {
        String a = bank.newAccount("a", 100);
        String tx = bank.prepared(new Op(a, 1));
        bank.vote(BankHttp.txId(), new Op(a, 1));
        bank.commit(tx);
        bank.abort(BankHttp.txId());
        HttpResponse<String> r = bank.send("GET", "/actuator/prometheus", null, false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("bank_votes_total{reason=\"none\",vote=\"YES\"}")
                .contains("bank_votes_total{reason=\"CONFLICT\",vote=\"NO\"}")
                .contains("bank_commits_total").contains("bank_aborts_total{kind=\"tombstone\"}")
                .contains("bank_lock_conflicts_total").contains("bank_branches_prepared ")
                .contains("bank_locks_held ").contains("bank_force_seconds_count")
                .contains("bank_force_syncs_total");
    }

    /** Arms the point, runs the call, and checks that it stopped there without a reply of success. */
    private void armed(String point, java.util.function.Supplier<HttpResponse<String>> call) {
        RecordingCrashPoints.HALTED.clear();
        HttpResponse<String> arm = bank.send("POST", "/actuator/crashpoints/" + point, "{\"hits\":1}");
        assertThat(arm.statusCode()).as(arm.body()).isBetween(200, 204);
        HttpResponse<String> r = call.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(RecordingCrashPoints.HALTED).containsExactly(point);
    }

    /** The transaction holding each account, or null, from GET /internal/bank/locks. */
    private List<String> lockHolders(String... accounts) {
        JsonNode locks = bank.locks();
        List<String> out = new ArrayList<>();
        for (String account : accounts) {
            String holder = null;
            for (JsonNode lock : locks) {
                if (lock.path("account").asString().equals(account)) {
                    holder = lock.path("txId").asString();
                }
            }
            out.add(holder);
        }
        return out;
    }
}
