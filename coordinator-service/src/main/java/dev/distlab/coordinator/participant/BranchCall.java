package dev.distlab.coordinator.participant;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.distlab.coordinator.BatchQueue;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import io.micrometer.context.ContextSnapshot;

/**
 * One branch operation on its way to a participant: {@code action} is {@code prepare} (with its {@code body}),
 * {@code commit} or {@code abort} (no body). {@code answer} completes with what the participant answered for it, or
 * exceptionally once {@code timeout} passed; {@code context} is the trace of the request that asked for it.
 */
record BranchCall(String txId, String action, Object body, Duration timeout, CompletableFuture<Reply> answer,
        ContextSnapshot context) implements BatchQueue.Item {

    /** The single endpoint of {@code action}, a URI template (its {@code txId} a variable, as metrics name it). */
    static String template(String action) {
        return "/internal/bank/transactions/{txId}/" + action;
    }

    /** The single endpoint of this operation, e.g. {@code /internal/bank/transactions/<txId>/prepare}. */
    String path() {
        return template(action).replace("{txId}", txId);
    }
}
