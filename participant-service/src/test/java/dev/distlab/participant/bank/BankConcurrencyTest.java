package dev.distlab.participant.bank;

import static dev.distlab.participant.bank.BankHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.distlab.participant.bank.BankHttp.Op;
import tools.jackson.databind.JsonNode;

/** Many clients at once: locks are exclusive and all-or-none, and money is neither made nor lost. */
class BankConcurrencyTest extends BankApiTestBase {

    private static final int THREADS = 8;

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentPreparesOnOneAccountGiveExactlyOneYes() throws Exception {
        String a = bank.newAccount("hot", 1000);
        for (int round = 0; round < 10; round++) {
            List<String> yes = prepareAtOnce(i -> List.of(new Op(a, -1)));
            assertThat(yes).as("round %d", round).hasSize(1);
            assertThat(bank.locks().findValuesAsString("txId")).contains(yes.get(0));
            bank.abort(yes.get(0));
        }
        assertThat(bank.balance(a)).isEqualTo(1000);
    }

    @Test
    void concurrentPreparesOnOverlappingAccountsNeverShareAnAccount() throws Exception {
        String[] accounts = { BankHttp.account("p"), BankHttp.account("q"), BankHttp.account("r"),
                BankHttp.account("s") };
        bank.createAccounts(1000, accounts);
        int yesTotal = 0;
        for (int round = 0; round < 15; round++) {
            Map<String, Set<String>> wanted = new ConcurrentHashMap<>();
            List<String> yes = prepareAtOnce(i -> {
                List<Op> ops = new ArrayList<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (String account : accounts) {
                    if (random.nextInt(3) == 0) {
                        ops.add(new Op(account, 1));
                    }
                }
                if (ops.isEmpty()) {
                    ops.add(new Op(accounts[random.nextInt(accounts.length)], 1));
                }
                return ops;
            }, wanted);
            // the transactions that hold locks at the same time have disjoint accounts
            Set<String> taken = new HashSet<>();
            for (String tx : yes) {
                for (String account : wanted.get(tx)) {
                    assertThat(taken.add(account)).as("account %s held twice in round %d", account, round).isTrue();
                }
            }
            assertThat(yes).isNotEmpty();
            Map<String, String> holders = new HashMap<>();
            bank.locks().forEach(l -> holders.put(l.path("account").asString(), l.path("txId").asString()));
            for (String tx : yes) {
                wanted.get(tx).forEach(account -> assertThat(holders.get(account)).isEqualTo(tx));
            }
            yesTotal += yes.size();
            yes.forEach(bank::abort);
        }
        assertThat(yesTotal).isGreaterThanOrEqualTo(15);
        for (String account : accounts) {
            assertThat(bank.balance(account)).isEqualTo(1000);
        }
        assertThat(bank.locks().findValuesAsString("account")).doesNotContainAnyElementsOf(List.of(accounts));
    }

    @Test
    void concurrentRepeatsOfOnePrepareLockOnceAndCommitOnce() throws Exception {
        String a = bank.newAccount("a", 100);
        String tx = BankHttp.txId();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<JsonNode>> votes = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            votes.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return bank.vote(tx, new Op(a, 7));
            }));
        }
        for (Future<JsonNode> vote : votes) {
            assertThat(vote.get(30, TimeUnit.SECONDS).path("vote").asString()).isEqualTo("YES");
        }
        List<Future<HttpResponse<String>>> commits = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            commits.add(pool.submit(() -> bank.commit(tx)));
        }
        for (Future<HttpResponse<String>> commit : commits) {
            assertThat(commit.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(bank.balance(a)).isEqualTo(107);
    }

    @Test
    void transfersInALoopKeepTheSumConstant() throws Exception {
        int n = 5;
        long initial = 500;
        String[] accounts = new String[n];
        for (int i = 0; i < n; i++) {
            accounts[i] = BankHttp.account("acct" + i);
        }
        bank.createAccounts(initial, accounts);
        Map<String, AtomicLong> expected = new HashMap<>();
        for (String account : accounts) {
            expected.put(account, new AtomicLong(initial));
        }
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            workers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 25; i++) {
                    int from = random.nextInt(n);
                    int to = (from + 1 + random.nextInt(n - 1)) % n;
                    long amount = 1 + random.nextInt(300);
                    String tx = BankHttp.txId();
                    JsonNode vote = bank.vote(tx, new Op(accounts[from], -amount), new Op(accounts[to], amount));
                    if ("YES".equals(vote.path("vote").asString())) {
                        assertThat(bank.commit(tx).statusCode()).isEqualTo(200);
                        expected.get(accounts[from]).addAndGet(-amount);
                        expected.get(accounts[to]).addAndGet(amount);
                        committed.incrementAndGet();
                    } else {
                        assertThat(vote.path("reason").asString()).isIn("CONFLICT", "INSUFFICIENT_FUNDS");
                        assertThat(bank.abort(tx).statusCode()).isEqualTo(200);
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(90, TimeUnit.SECONDS);
        }
        long sum = 0;
        for (String account : accounts) {
            long balance = bank.balance(account);
            assertThat(balance).isEqualTo(expected.get(account).get()).isNotNegative();
            sum += balance;
        }
        assertThat(sum).isEqualTo(n * initial);
        assertThat(committed.get()).isGreaterThan(0);
        assertThat(committed.get() + refused.get()).isEqualTo(THREADS * 25);
        assertThat(bank.locks().findValuesAsString("account")).doesNotContainAnyElementsOf(List.of(accounts));
    }

    private List<String> prepareAtOnce(java.util.function.IntFunction<List<Op>> ops) throws Exception {
        return prepareAtOnce(ops, new ConcurrentHashMap<>());
    }

    /** Every thread prepares its own transaction at the same moment; returns the transactions that got YES. */
    private List<String> prepareAtOnce(java.util.function.IntFunction<List<Op>> ops,
            Map<String, Set<String>> wanted) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            results.add(pool.submit(() -> {
                String tx = BankHttp.txId();
                List<Op> mine = ops.apply(index);
                Set<String> accounts = new HashSet<>();
                mine.forEach(op -> accounts.add(op.account()));
                wanted.put(tx, accounts);
                start.await(10, TimeUnit.SECONDS);
                JsonNode vote = json(bank.prepare(tx, mine.toArray(Op[]::new)));
                if ("YES".equals(vote.path("vote").asString())) {
                    return tx;
                }
                assertThat(vote.path("reason").asString()).isEqualTo("CONFLICT");
                return null;
            }));
        }
        List<String> yes = new ArrayList<>();
        for (Future<String> result : results) {
            String tx = result.get(30, TimeUnit.SECONDS);
            if (tx != null) {
                yes.add(tx);
            }
        }
        return yes;
    }
}
