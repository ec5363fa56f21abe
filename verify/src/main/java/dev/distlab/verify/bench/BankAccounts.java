package dev.distlab.verify.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.distlab.verify.cluster.Http;
import tools.jackson.databind.JsonNode;

/**
 * The bank bench's accounts, opened through the gateway until participant-1 and participant-2 each own enough:
 * transfer accounts on both (transfers move money between them, never in or out) and deposit accounts on
 * participant-1 apart from them (deposits add money, so they must not touch what the check adds up).
 */
final class BankAccounts {

    static final long BALANCE = 1_000_000_000L;
    private static final int BATCH = 40;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_PATIENCE = Duration.ofSeconds(60);

    /** The accounts of each group, by id. */
    record Groups(List<String> transferOn1, List<String> transferOn2, List<String> depositOn1) {

        long transferOpeningTotal() {
            return (long) (transferOn1.size() + transferOn2.size()) * BALANCE;
        }
    }

    private final Http http = new Http();
    private final String gateway;
    private final PrintStream out;

    BankAccounts(String gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    Groups open(int perGroup) throws IOException {
        List<String> on1 = Collections.synchronizedList(new ArrayList<>());
        List<String> on2 = Collections.synchronizedList(new ArrayList<>());
        String run = "bench-" + System.currentTimeMillis() + "-";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int batch = 0; on1.size() < 2 * perGroup || on2.size() < perGroup; batch++) {
                if (batch > 20 * perGroup / BATCH + 20) {
                    throw new IOException("accounts do not spread over participant-1 and -2: " + on1.size() + " and "
                            + on2.size() + " after " + batch + " batches");
                }
                List<Future<JsonNode>> created = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    String id = run + (batch * BATCH + i);
                    created.add(pool.submit(() -> create(id)));
                }
                for (Future<JsonNode> f : created) {
                    JsonNode account = f.get();
                    switch (account.path("participant").asString()) {
                        case "participant-1" -> on1.add(account.path("id").asString());
                        case "participant-2" -> on2.add(account.path("id").asString());
                        default -> { } // participant-3's accounts are not used
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening accounts", e);
        } catch (ExecutionException e) {
            throw new IOException("could not open an account: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Groups groups = new Groups(List.copyOf(on1.subList(0, perGroup)), List.copyOf(on2.subList(0, perGroup)),
                List.copyOf(on1.subList(perGroup, 2 * perGroup)));
        out.println("Opened accounts with " + BALANCE + " each: " + perGroup + " for transfers on participant-1, "
                + perGroup + " on participant-2, " + perGroup + " for deposits on participant-1");
        return groups;
    }

    private JsonNode create(String id) throws IOException {
        Http.Response response = http.send("POST", gateway + "/api/accounts",
                Http.json(Map.of("id", id, "balance", BALANCE)), Map.of());
        if (response.status() != 201) {
            throw new IOException("POST /api/accounts answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    /**
     * After the load: waits for transactions still deciding, then checks that none is left in doubt or
     * HEURISTIC and that the transfer accounts hold exactly what they were opened with. Null when clean, else
     * what is wrong.
     */
    String check(Groups groups, int settleSeconds) throws IOException {
        out.println("Bank check: waiting " + settleSeconds + " s for the last transactions to finish");
        Platform.sleep(settleSeconds * 1000L);
        List<String> problems = new ArrayList<>();
        int preparing = count("PREPARING");
        for (int i = 0; preparing > 0 && i < 30; i++) {
            Platform.sleep(1000);
            preparing = count("PREPARING");
        }
        if (preparing > 0) {
            problems.add(preparing + " transaction(s) still PREPARING (in doubt) 30 s after the load");
        }
        int heuristic = count("HEURISTIC");
        if (heuristic > 0) {
            problems.add(heuristic + " HEURISTIC transaction(s)");
        }
        long total = transferTotal(groups);
        if (total != groups.transferOpeningTotal()) {
            problems.add("the transfer accounts hold " + total + ", opened with " + groups.transferOpeningTotal()
                    + " (transfers must conserve money)");
        }
        String verdict = problems.isEmpty() ? null : String.join("; ", problems);
        out.println("Bank check: " + (verdict == null ? "clean (transfer accounts total " + total
                + ", none in doubt, none HEURISTIC)" : verdict));
        return verdict;
    }

    private int count(String status) throws IOException {
        return read("/api/transactions?status=" + status + "&limit=1000").path("transactions").size();
    }

    /** The sum over the transfer accounts, from one consistent snapshot. */
    private long transferTotal(Groups groups) throws IOException {
        Set<String> ids = new HashSet<>(groups.transferOn1());
        ids.addAll(groups.transferOn2());
        long total = 0;
        int seen = 0;
        for (JsonNode account : read("/api/accounts").path("accounts")) {
            if (ids.contains(account.path("id").asString())) {
                total += account.path("balance").asLong();
                seen++;
            }
        }
        if (seen != ids.size()) {
            throw new IOException("GET /api/accounts lists " + seen + " of the " + ids.size() + " transfer accounts");
        }
        return total;
    }

    /**
     * A read the check needs, asked again for up to a minute: right after the load a slow machine may still be
     * draining queued transactions, so a timeout or a 503 (branches draining) means "not yet", not "wrong".
     */
    private JsonNode read(String path) throws IOException {
        long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
        String last;
        do {
            try {
                Http.Response response = http.send("GET", gateway + path, null, Map.of(), READ_TIMEOUT);
                if (response.status() == 200) {
                    return response.json();
                }
                last = "answered " + response.status();
            } catch (IOException e) {
                last = "got no answer (" + e.getMessage() + ")";
            }
            out.println("Bank check: GET " + path + " " + last + "; asking again");
            Platform.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new IOException("GET " + path + " " + last + " for " + READ_PATIENCE.toSeconds() + " s");
    }
}
