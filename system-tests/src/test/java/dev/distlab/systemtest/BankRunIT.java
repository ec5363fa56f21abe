package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Jepsen's bank workload: 16 clients move money between accounts on every participant through the gateway
 * while a nemesis SIGKILLs and restarts coordinators and participants, one at a time. Every consistent read
 * must show the opening total and no negative balance; once the faults stop, every transfer must be final
 * within 30 s, and the final balances must be the opening ones plus exactly the committed transfers.
 */
class BankRunIT extends ClusterTest {

    private static final int CLIENTS = 16;
    private static final int ACCOUNTS = 8;
    private static final long OPENING = 1_000;
    private static final Duration RUN = Duration.ofSeconds(40);

    /** One transfer a client sent, and what it learned of its outcome. */
    record Transfer(String key, String from, String to, long amount, Bank.Outcome outcome) {
    }

    @Test
    void shouldConserveMoneyUnderCoordinatorAndParticipantKills() throws Exception {
        Bank bank = new Bank(cluster);
        balancers.awaitAllHealthy(Balancers.PARTICIPANTS);
        String prefix = "run-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> ids = new ArrayList<>();
        Map<String, Long> opening = new HashMap<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = prefix + "-" + i;
            bank.createAccount(cluster.gatewayUrl(), id, OPENING);
            ids.add(id);
            opening.put(id, OPENING);
        }
        JsonNode before = Bank.await(bank::snapshot, s -> s != null, Duration.ofSeconds(20), "a first snapshot");
        long total = before.path("total").asLong();

        List<Transfer> transfers = new CopyOnWriteArrayList<>();
        List<String> badReads = new CopyOnWriteArrayList<>();
        AtomicInteger goodReads = new AtomicInteger();
        long end = System.nanoTime() + RUN.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            threads.add(start("bank-client-" + c, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; System.nanoTime() < end; n++) {
                    String from = ids.get(random.nextInt(ACCOUNTS));
                    String to = ids.get(random.nextInt(ACCOUNTS));
                    if (from.equals(to)) {
                        continue;
                    }
                    long amount = 1 + random.nextInt(50);
                    String key = prefix + "-c" + client + "-" + n;
                    transfers.add(new Transfer(key, from, to, amount,
                            bank.transfer(cluster.gatewayUrl(), from, to, amount, key)));
                }
            }));
        }
        // the reader goes on 10 s past the run, so some reads are sure to succeed once the faults stop
        long readEnd = end + Duration.ofSeconds(10).toNanos();
        threads.add(start("bank-reader", () -> {
            while (System.nanoTime() < readEnd) {
                JsonNode snapshot = bank.snapshot();
                if (snapshot != null) {
                    goodReads.incrementAndGet();
                    if (snapshot.path("total").asLong() != total) {
                        badReads.add("total " + snapshot.path("total").asLong() + " instead of " + total);
                    }
                    for (JsonNode account : snapshot.path("accounts")) {
                        if (account.path("balance").asLong() < 0) {
                            badReads.add(account.toString());
                        }
                    }
                }
                Balancers.sleep(100);
            }
        }));
        runNemesis(end);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        System.out.printf("bank run: %d transfers sent, %d consistent reads%n", transfers.size(), goodReads.get());

        // the faults have healed: every transfer whose outcome the client did not learn is resolved by key
        long healed = System.nanoTime();
        Map<String, Long> expected = new HashMap<>(opening);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        for (Transfer t : transfers) {
            Bank.Outcome outcome = t.outcome().isFinal() ? t.outcome()
                    : bank.resolve(cluster.gatewayUrl(), t.from(), t.to(), t.amount(), t.key(), Duration.ofSeconds(30));
            outcomes.computeIfAbsent(outcome.status(), s -> new AtomicInteger()).incrementAndGet();
            if (outcome.status().equals("COMMITTED")) {
                expected.merge(t.from(), -t.amount(), Long::sum);
                expected.merge(t.to(), t.amount(), Long::sum);
            }
        }
        Bank.await(bank::allLocks, Map::isEmpty, Duration.ofSeconds(30), "every lock to be released");
        System.out.printf("bank run: outcomes %s, all final %d ms after the faults stopped%n", outcomes,
                Duration.ofNanos(System.nanoTime() - healed).toMillis());

        assertThat(badReads).as("consistent reads that broke the invariants").isEmpty();
        assertThat(goodReads.get()).as("consistent reads that succeeded").isPositive();
        assertThat(outcomes.getOrDefault("COMMITTED", new AtomicInteger()).get()).as("committed transfers")
                .isGreaterThan(20);
        Map<String, Long> actual = new HashMap<>();
        for (String id : ids) {
            actual.put(id, bank.balance(id));
        }
        assertThat(actual).as("final balances = opening + committed transfers").isEqualTo(expected);
        JsonNode after = Bank.await(bank::snapshot, s -> s != null, Duration.ofSeconds(20), "a last snapshot");
        assertThat(after.path("total").asLong()).isEqualTo(total);
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }

    /** Kills one random coordinator or participant every few seconds and starts it again; stops by itself. */
    private static void runNemesis(long end) {
        List<String> victims = List.of("coordinator-1", "coordinator-2", "participant-1", "participant-2",
                "participant-3");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Balancers.sleep(3_000);
        while (System.nanoTime() < end - Duration.ofSeconds(8).toNanos()) {
            String victim = victims.get(random.nextInt(victims.size()));
            System.out.println("nemesis: SIGKILL " + victim);
            cluster.run(30, "kill", victim);
            Balancers.sleep(2_000 + random.nextInt(2_000));
            cluster.run(180, "start", victim);
            Balancers.sleep(1_000);
        }
    }
}
