package dev.distlab.participant.bank;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.stereotype.Component;

import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.http.ServiceCalls;
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
 * <p>
 * A {@code paxos} branch older than the decision retention whose decision is not in the store is not aborted:
 * its decision may have been COMMIT and already collected, so its coordinator is asked instead. A coordinator
 * (either mode) that answers UNKNOWN has no record of the transaction: nobody can say how it was decided, and
 * the branch ends HEURISTIC (deltas not applied, locks released, an ERROR for the operator).
 */
@Component
class InDoubtResolver implements SmartLifecycle {

    static final String COMMIT = "COMMIT";
    static final String ABORT = "ABORT";

    private static final Logger log = LoggerFactory.getLogger(InDoubtResolver.class);
    /** A branch that stays in doubt is reported again at most this often. */
    private static final Duration REPEAT_REPORT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    private final BankService bank;
    private final ObjectProvider<ConfigStore> stores;
    private final BankProperties properties;
    private final PlatformProperties platform;
    private final BankMetrics metrics;
    private final Clock clock;
    private final RestClient http;
    /** txId → when its staying in doubt was last reported. */
    private final Map<String, Long> reported = new ConcurrentHashMap<>();
    private final ScheduledRounds rounds;

    InDoubtResolver(BankService bank, ObjectProvider<ConfigStore> stores, BankProperties properties,
            PlatformProperties platform, BankMetrics metrics, Clock clock, OutgoingFaults faults,
            ObjectProvider<RestClient.Builder> restClients) {
        this.bank = bank;
        this.clock = clock;
        this.stores = stores;
        this.properties = properties;
        this.platform = platform;
        this.metrics = metrics;
        // Spring's builder: a question to a coordinator is a span (of the resolution round's own trace)
        this.http = new ServiceCalls(restClients.getIfAvailable(RestClient::builder), faults,
                properties.getCoordinatorTimeout()).within(properties.getCoordinatorTimeout());
        this.rounds = new ScheduledRounds("bank-in-doubt-resolver", properties.getResolveInterval(),
                properties.getStoreTimeout().plusSeconds(1), this::round);
    }

    static String decisionKey(String txId) {
        return "tx/" + txId + "/decision";
    }

    /**
     * One round: tries to decide every branch that has been PREPARED for longer than the in-doubt timeout. A
     * store or coordinator found unreachable is not asked again about other branches in the same round.
     */
    void resolveDue() {
        Instant cutoff = clock.instant().minus(properties.getInDoubtTimeout());
        Set<String> unreachable = new HashSet<>();
        Set<String> inDoubt = new HashSet<>();
        int unresolved = 0;
        for (Branch branch : bank.preparedBefore(cutoff)) {
            inDoubt.add(branch.getTxId());
            if (unreachable.contains(source(branch)) || resolve(branch.getTxId(), unreachable).isEmpty()) {
                unresolved++;
            }
        }
        reported.keySet().retainAll(inDoubt);
        metrics.inDoubt(unresolved);
    }

    /** Tries to decide one branch now, if it is still PREPARED. */
    Optional<Decision> resolve(String txId) {
        return resolve(txId, new HashSet<>());
    }

    private Optional<Decision> resolve(String txId, Set<String> unreachable) {
        Optional<Decision> applied = bank.resolveInDoubt(txId, branch -> {
            Decision d = branch.getMode() == Mode.LOCAL ? askCoordinator(branch, null) : askStore(branch);
            if (d != null && d.outcome() == null) {
                unreachable.add(d.how()); // the source that could not be reached (see stayInDoubt)
            }
            return d;
        });
        applied.ifPresent(d -> reported.remove(txId));
        return applied;
    }

    /** Whom a branch's decision is asked of first: the store, or its coordinator's URL. */
    private static String source(Branch branch) {
        return branch.getMode() == Mode.LOCAL ? coordinatorSource(branch) : "store";
    }

    private static String coordinatorSource(Branch branch) {
        return "coordinator " + branch.getCoordinatorUrl();
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
            } else if (pastDecisionRetention(branch)) {
                return askCoordinator(branch, "the store has no decision, and the branch is older than the decision "
                        + "retention (" + properties.getDecisionRetention() + "): its COMMIT may have been collected, "
                        + "so this participant may not write ABORT");
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
            return new Decision(null, "store");
        }
    }

    /** Whether the branch was prepared longer ago than the coordinators keep a completed decision. */
    private boolean pastDecisionRetention(Branch branch) {
        return branch.getPreparedAt() == null
                || branch.getPreparedAt().isBefore(clock.instant().minus(properties.getDecisionRetention()));
    }

    /**
     * Asks the branch's coordinator {@code GET /internal/bank/decisions/{txId}?mode=...&preparedAt=...}:
     * COMMIT/ABORT are applied, PENDING waits, UNKNOWN ends the branch HEURISTIC. {@code why} says why a paxos
     * branch asks (null in local mode, where the coordinator is the only one who knows).
     */
    private Decision askCoordinator(Branch branch, String why) {
        String txId = branch.getTxId();
        String base = branch.getCoordinatorUrl();
        String who = "its coordinator " + branch.getCoordinator() + " (" + base + ")";
        String context = why == null ? "" : why + "; ";
        if (base == null || base.isBlank()) {
            return stayInDoubt(branch, "coordinator", "UNAVAILABLE", context + "it names no coordinator URL to ask");
        }
        try {
            String preparedAt = branch.getPreparedAt() == null ? Instant.EPOCH.toString()
                    : branch.getPreparedAt().toString();
            URI uri = URI.create(stripSlash(base) + "/internal/bank/decisions/" + txId + "?mode="
                    + branch.getMode().wire() + "&preparedAt=" + preparedAt);
            Answer response = http.get().uri("/internal/bank/decisions/{txId}", ignored -> uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + platform.getClusterToken())
                    .accept(MediaType.APPLICATION_JSON).exchange((request, answer) -> new Answer(
                            answer.getStatusCode().value(), answer.getBody().readAllBytes()));
            if (response.status() != 200) {
                return stayInDoubt(branch, "coordinator", "UNAVAILABLE",
                        context + who + " answered HTTP " + response.status());
            }
            JsonNode body = JSON.readTree(response.body());
            String outcome = body.path("outcome").asString("");
            if (PENDING.equals(outcome)) {
                return stayInDoubt(branch, "coordinator", PENDING, context + who + " answered PENDING");
            }
            if (UNKNOWN.equals(outcome)) {
                return heuristic(branch, context + who + " answered UNKNOWN (it has no record of the transaction)");
            }
            return outcome(branch, "coordinator", outcome, context + who + " answered " + outcome);
        } catch (ResourceAccessException e) {
            IOException cause = ServiceCalls.cause(e);
            if (cause instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                return new Decision(null, coordinatorSource(branch));
            }
            return stayInDoubt(branch, "coordinator", "UNAVAILABLE", context + who + " cannot be reached ("
                    + cause + ")");
        } catch (RuntimeException e) {
            return stayInDoubt(branch, "coordinator", "UNAVAILABLE", context + who + " cannot be reached (" + e + ")");
        }
    }

    /** A coordinator's answer: its status and body. */
    private record Answer(int status, byte[] body) {
    }

    /** Nobody can say how the transaction was decided: the branch ends without its deltas, for an operator. */
    private Decision heuristic(Branch branch, String how) {
        metrics.resolution("coordinator", UNKNOWN);
        log.error("Transaction {}: its branch here was in doubt for {} and nobody knows how it was decided ({}); "
                + "ended HEURISTIC without applying its deltas {}; an operator must reconcile accounts {} with the "
                + "transaction's other participants {} (GET /internal/bank/transactions?state=HEURISTIC lists such "
                + "branches)", branch.getTxId(), inDoubtFor(branch), how, branch.getOperationsJson(),
                BranchCodec.operations(branch.getOperationsJson()).stream().map(PrepareCommand.Operation::account)
                        .toList(), branch.getParticipantsJson());
        return new Decision(BranchState.HEURISTIC, how);
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
        return stayInDoubt(branch, source, "UNAVAILABLE", how + ": the decision read is '" + value
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
        // an unreachable source is not asked again this round: the answer names it
        return "UNAVAILABLE".equals(outcome)
                ? new Decision(null, "store".equals(source) ? "store" : coordinatorSource(branch)) : null;
    }

    private String inDoubtFor(Branch branch) {
        if (branch.getPreparedAt() == null) {
            return "an unknown time";
        }
        Duration d = Duration.between(branch.getPreparedAt(), clock.instant());
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
        rounds.start();
    }

    @Override
    public void stop() {
        rounds.stop(); // a round in progress finishes; no new one starts
    }

    @Override
    public boolean isRunning() {
        return rounds.isRunning();
    }
}
