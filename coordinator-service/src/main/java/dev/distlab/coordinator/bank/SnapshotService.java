package dev.distlab.coordinator.bank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.distlab.coordinator.BankProblems;
import dev.distlab.coordinator.BankProperties;
import dev.distlab.coordinator.bank.AccountJson.AccountList;
import dev.distlab.coordinator.bank.AccountJson.AccountView;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import dev.distlab.coordinator.participant.Participants;
import dev.distlab.coordinator.participant.Participants.Participant;
import dev.distlab.coordinator.BankMetrics;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/accounts}: one consistent cut. Every participant is frozen at once (new prepares held back,
 * PREPARED branches drained, balances read); when all have answered, all are released. If any freeze could not
 * be taken, or had lapsed before its release, the cut may not be consistent and is taken again.
 */
@Service
class SnapshotService {

    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final Participants participants;
    private final ParticipantClient client;
    private final BankProperties properties;
    private final BankMetrics metrics;

    SnapshotService(Participants participants, ParticipantClient client, BankProperties properties,
            BankMetrics metrics) {
        this.participants = participants;
        this.client = client;
        this.properties = properties;
        this.metrics = metrics;
    }

    AccountList snapshot() {
        String problem = "no attempt was made";
        int attempts = Math.max(1, properties.snapshotAttempts());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String id = "snap-" + UUID.randomUUID();
            List<Participant> all = participants.all();
            List<Reply> frozen = join(all.stream()
                    .map(p -> client.freeze(p, id, properties.participantTimeout())).toList());
            List<Reply> released = join(all.stream()
                    .map(p -> client.release(p, id, properties.participantTimeout())).toList());
            problem = check(all, frozen, released);
            if (problem == null) {
                metrics.snapshot("taken");
                return merge(all, frozen);
            }
            metrics.snapshot("retried");
            log.info("Snapshot {} (attempt {} of {}) is not a consistent cut: {}", id, attempt, attempts, problem);
            pause(50L * attempt);
        }
        metrics.snapshot("failed");
        throw BankProblems.unavailable("No consistent snapshot of the accounts after " + attempts + " attempts: "
                + problem);
    }

    /** Why this cut cannot be used, or null if every freeze was taken and still held when released. */
    private static String check(List<Participant> all, List<Reply> frozen, List<Reply> released) {
        for (int i = 0; i < all.size(); i++) {
            if (!frozen.get(i).is(200)) {
                return all.get(i).id() + " could not freeze: " + frozen.get(i).describe();
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Reply r = released.get(i);
            if (!r.is(200)) {
                return all.get(i).id() + " could not confirm its freeze held: " + r.describe();
            }
            if (!r.body().path("held").asBoolean(false)) {
                return "the freeze at " + all.get(i).id() + " lapsed before it was released";
            }
        }
        return null;
    }

    private static AccountList merge(List<Participant> all, List<Reply> frozen) {
        List<AccountView> accounts = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < all.size(); i++) {
            for (JsonNode a : frozen.get(i).body().path("accounts")) {
                long balance = a.path("balance").asLong();
                accounts.add(new AccountView(a.path("id").asString(), balance, all.get(i).id()));
                total += balance;
            }
        }
        accounts.sort(Comparator.comparing(AccountView::id));
        return new AccountList(accounts, total);
    }

    private static List<Reply> join(List<CompletableFuture<Reply>> calls) {
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
