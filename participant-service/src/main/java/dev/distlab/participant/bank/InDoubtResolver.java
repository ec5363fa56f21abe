package dev.distlab.participant.bank;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import dev.distlab.common.PlatformProperties;
import dev.distlab.participant.bank.BankService.Decision;
import dev.distlab.participant.config.ConfigStore;
import dev.distlab.participant.config.StoreUnavailableException;
import dev.distlab.paxos.kv.KvCommand;
import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends in-doubt branches. Every {@code resolve-interval} it takes the PREPARED branches older than
 * {@code in-doubt-timeout} and learns their decision: in {@code paxos} mode from {@code tx/<txId>/decision}
 * in the config store (writing {@code ABORT} create-only when there is none, so that whichever write won
 * decides), in {@code local} mode by asking the coordinator that prepared it. While the store or the
 * coordinator cannot be reached, or the coordinator answers PENDING, the branch stays PREPARED and its locks
 * stay held: that is 2PC blocking, on purpose.
 */
@Component
class InDoubtResolver implements SmartLifecycle {

    static final String COMMIT = "COMMIT";
    static final String ABORT = "ABORT";

    private static final Logger log = LoggerFactory.getLogger(InDoubtResolver.class);
    /** A branch that stays in doubt is reported again at most this often. */
    private static final Duration REPEAT_REPORT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What ask() answers when the store or the coordinator cannot be reached: stay PREPARED, skip the source. */
    private static final Decision UNREACHABLE = new Decision(null, "unreachable");

    private final BankService bank;
    private final ObjectProvider<ConfigStore> stores;
    private final BankProperties properties;
    private final PlatformProperties platform;
    private final BankMetrics metrics;
    private final HttpClient http;
    /** txId → when its staying in doubt was last reported. */
    private final Map<String, Long> reported = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    InDoubtResolver(BankService bank, ObjectProvider<ConfigStore> stores, BankProperties properties,
            PlatformProperties platform, BankMetrics metrics) {
        this.bank = bank;
        this.stores = stores;
        this.properties = properties;
        this.platform = platform;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getCoordinatorTimeout()).build();
    }

    static String decisionKey(String txId) {
        return "tx/" + txId + "/decision";
    }

    /**
     * One round: tries to decide every branch that has been PREPARED for longer than the in-doubt timeout. A
     * store or coordinator found unreachable is not asked again about other branches in the same round.
     */
    void resolveDue() {
        Instant cutoff = Instant.now().minus(properties.getInDoubtTimeout());
        Set<String> unreachable = new HashSet<>();
        Set<String> inDoubt = new HashSet<>();
        for (Branch branch : bank.preparedBefore(cutoff)) {
            inDoubt.add(branch.getTxId());
            if (!unreachable.contains(source(branch))) {
                resolve(branch.getTxId(), unreachable);
            }
        }
        reported.keySet().retainAll(inDoubt);
    }

    /** Tries to decide one branch now, if it is still PREPARED. */
    Optional<Decision> resolve(String txId) {
        return resolve(txId, new HashSet<>());
    }

    private Optional<Decision> resolve(String txId, Set<String> unreachable) {
        Optional<Decision> applied = bank.resolveInDoubt(txId, branch -> {
            Decision d = branch.getMode() == Mode.LOCAL ? askCoordinator(branch) : askStore(branch);
            if (d == UNREACHABLE) {
                unreachable.add(source(branch));
            }
            return d;
        });
        applied.ifPresent(d -> reported.remove(txId));
        return applied;
    }

    /** Whom a branch's decision is asked of: the store, or its coordinator's URL. */
    private static String source(Branch branch) {
        return branch.getMode() == Mode.LOCAL ? "coordinator " + branch.getCoordinatorUrl() : "store";
    }

    private Decision askStore(Branch branch) {
        String txId = branch.getTxId();
        String key = decisionKey(txId);
        ConfigStore store = stores.getIfAvailable();
        if (store == null) {
            return stayInDoubt(branch, "store", "UNAVAILABLE",
                    "this participant has no config store to read its decision from");
        }
        try {
            String stored = store.read(ConfigStore.Consistency.LINEARIZABLE, sm -> valueOf(sm.get(key)))
                    .get(properties.getStoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
            String how;
            if (stored != null) {
                how = "the store's decision is " + stored;
            } else {
                KvResult written = store.write(KvCommand.putIfAbsent(key, ABORT))
                        .get(properties.getStoreTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (written.status() == KvResult.Status.CREATED) {
                    stored = ABORT;
                    how = "the store had no decision, so this participant wrote ABORT";
                } else if (written.status() == KvResult.Status.PRECONDITION_FAILED && written.entry() != null) {
                    stored = written.entry().value();
                    how = "the store had no decision, but " + stored + " won the create-only write before this "
                            + "participant's ABORT";
                } else {
                    return stayInDoubt(branch, "store", "UNAVAILABLE",
                            "writing ABORT to the store gave " + written.status());
                }
            }
            return outcome(branch, "store", stored, how);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof StoreUnavailableException ? "the config store is unavailable ("
                    + cause.getMessage() + ")" : "the config store failed: " + cause;
            return stayInDoubt(branch, "store", "UNAVAILABLE", why);
        } catch (TimeoutException e) {
            return stayInDoubt(branch, "store", "UNAVAILABLE", "the config store did not answer within "
                    + BankService.seconds(properties.getStoreTimeout()));
        } catch (StoreUnavailableException e) {
            return stayInDoubt(branch, "store", "UNAVAILABLE", "the config store is unavailable (" + e.getMessage()
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
    }

    private Decision askCoordinator(Branch branch) {
        String txId = branch.getTxId();
        String base = branch.getCoordinatorUrl();
        String who = "its coordinator " + branch.getCoordinator() + " (" + base + ")";
        if (base == null || base.isBlank()) {
            return stayInDoubt(branch, "coordinator", "UNAVAILABLE", "it names no coordinator URL to ask");
        }
        try {
            URI uri = URI.create(stripSlash(base) + "/internal/bank/decisions/" + txId);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.getCoordinatorTimeout())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + platform.getClusterToken())
                    .header(HttpHeaders.ACCEPT, "application/json").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return stayInDoubt(branch, "coordinator", "UNAVAILABLE",
                        who + " answered HTTP " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            String outcome = body.path("outcome").asString("");
            if ("PENDING".equals(outcome)) {
                return stayInDoubt(branch, "coordinator", "PENDING", who + " answered PENDING");
            }
            return outcome(branch, "coordinator", outcome, who + " answered " + outcome);
        } catch (IOException | RuntimeException e) {
            return stayInDoubt(branch, "coordinator", "UNAVAILABLE", who + " cannot be reached (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNREACHABLE;
        }
    }

    private Decision outcome(Branch branch, String source, String value, String how) {
        String inDoubt = "Transaction " + branch.getTxId() + " was in doubt for " + inDoubtFor(branch) + "; " + how;
        if (COMMIT.equals(value)) {
            metrics.resolution(source, COMMIT);
            log.info("{}; committed it here", inDoubt);
            return new Decision(BranchState.COMMITTED, how);
        }
        if (ABORT.equals(value)) {
            metrics.resolution(source, ABORT);
            log.info("{}; aborted it here", inDoubt);
            return new Decision(BranchState.ABORTED, how);
        }
        return stayInDoubt(branch, source, "UNAVAILABLE", "the decision read is '" + value
                + "', neither COMMIT nor ABORT");
    }

    /** Reports (at most every 10 s per branch) that a branch stays PREPARED; returns what ask() answers then. */
    private Decision stayInDoubt(Branch branch, String source, String outcome, String why) {
        metrics.resolution(source, outcome);
        long now = System.nanoTime();
        Long last = reported.get(branch.getTxId());
        if (last == null || now - last >= REPEAT_REPORT.toNanos()) {
            reported.put(branch.getTxId(), now);
            log.warn("Transaction {} has been in doubt for {}: {}; it stays PREPARED with its locks held, asking "
                    + "again every {}", branch.getTxId(), inDoubtFor(branch), why,
                    BankService.seconds(properties.getResolveInterval()));
        }
        return "UNAVAILABLE".equals(outcome) ? UNREACHABLE : null;
    }

    private static String inDoubtFor(Branch branch) {
        if (branch.getPreparedAt() == null) {
            return "an unknown time";
        }
        Duration d = Duration.between(branch.getPreparedAt(), Instant.now());
        return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }

    private static String valueOf(KvEntry entry) {
        return entry == null ? null : entry.value();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void round() {
        try {
            resolveDue();
        } catch (RuntimeException e) {
            log.warn("In-doubt resolution round failed; trying again in {}: {}",
                    BankService.seconds(properties.getResolveInterval()), e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bank-in-doubt-resolver");
            t.setDaemon(true);
            return t;
        });
        long interval = properties.getResolveInterval().toMillis();
        ex.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
        executor = ex;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdown(); // a round in progress finishes; no new one starts
            try {
                if (!ex.awaitTermination(properties.getStoreTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                ex.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
