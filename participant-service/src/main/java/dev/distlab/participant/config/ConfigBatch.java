package dev.distlab.participant.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.ProblemResponses;
import dev.distlab.common.problem.Problems;
import dev.distlab.participant.config.ConfigBatchJson.Result;
import dev.distlab.participant.config.ConfigStore.Consistency;
import dev.distlab.participant.config.ConfigWaiter.KeyState;
import dev.distlab.paxos.kv.KvResult;

/**
 * Runs the writes of one batch: each is a store write of its own, as its single request would be, and there is no
 * atomicity across them (some may be applied and others not). They are proposed together, without waiting for one
 * before proposing the next, so that one round of the replicas can commit many; then every answer is awaited.
 * Writes of the same key are the exception: each waits for the one before it, so they apply in item order.
 * <p>
 * Each item is answered as its single request would have been. A write the store could not take is a 503 (or
 * 507) item; only if no item could be taken at all is the whole request a 503, as a single write's would be.
 */
@Component
class ConfigBatch {

    private static final Logger log = LoggerFactory.getLogger(ConfigBatch.class);
    /** Safety net, as for a single write: the store fails each write by its own deadline, within seconds. */
    private static final Duration WAIT_LIMIT = ConfigController.OPERATION_TIMEOUT;

    /** The answers of {@code writes}, in their order. */
    List<Result> run(ConfigStore store, List<ConfigWrite> writes) {
        Result[] results = new Result[writes.size()];
        for (List<Integer> round : rounds(writes)) {
            List<CompletableFuture<Result>> answers = new ArrayList<>(round.size());
            for (int i : round) {
                answers.add(start(store, writes.get(i)));
            }
            long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
            for (int j = 0; j < round.size(); j++) {
                results[round.get(j)] = await(answers.get(j), writes.get(round.get(j)), deadline);
            }
        }
        List<Result> answered = List.of(results);
        if (answered.stream().allMatch(r -> r.status() == HttpStatus.SERVICE_UNAVAILABLE.value())) {
            throw new StoreUnavailableException("none of the batch's " + writes.size() + " writes could be committed");
        }
        return answered;
    }

    /**
     * The items in rounds: the first write of every key in the first round, a key's second write in the second,
     * and so on. A batch without repeated keys is one round.
     */
    private static List<List<Integer>> rounds(List<ConfigWrite> writes) {
        List<List<Integer>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            int round = seen.merge(writes.get(i).key(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        return rounds;
    }

    /** Proposes the write (or reads the key, for one that can never match); the future never fails. */
    private static CompletableFuture<Result> start(ConfigStore store, ConfigWrite write) {
        CompletableFuture<Result> answer;
        try {
            if (write.neverMatches()) {
                answer = store.read(Consistency.LINEARIZABLE,
                        sm -> new KeyState(sm.get(write.key()), sm.revision(), false))
                        .thenApply(s -> failed(write, write.neverMatched(s.entry(), s.revision())));
            } else {
                answer = store.write(write.command()).thenApply(r -> answered(write, r));
            }
        } catch (RuntimeException e) { // this item only: the others are proposed, or will be
            return CompletableFuture.completedFuture(failed(write, e));
        }
        return answer.exceptionally(error -> failed(write, Async.unwrap(error)));
    }

    private static Result await(CompletableFuture<Result> answer, ConfigWrite write, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return failed(write, new StoreUnavailableException("The config store did not answer in time"));
        } catch (ExecutionException e) {
            return failed(write, Async.unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(write, new StoreUnavailableException("Interrupted while waiting for the config store", e));
        }
    }

    private static Result answered(ConfigWrite write, KvResult result) {
        try {
            ResponseEntity<Object> answer = write.answer(result);
            return new Result(write.key(), answer.getStatusCode().value(), revision(answer.getHeaders().getFirst(
                    ConfigResponses.REVISION_HEADER)), answer.getBody());
        } catch (ProblemException e) {
            return failed(write, e);
        }
    }

    /**
     * The problem the single request would have been answered with: a {@link ProblemException}'s own (with its
     * revision header), the 503 or 507 of a write the store could not take, else a 500 that tells nothing of the
     * cause (as the platform's exception handler does).
     */
    private static Result failed(ConfigWrite write, Throwable error) {
        ProblemDetail problem;
        Long revision = null;
        if (error instanceof ProblemException p) {
            problem = p.getProblem();
            revision = revision(p.getHeaders().getFirst(ConfigResponses.REVISION_HEADER));
        } else if (error instanceof StoreUnavailableException unavailable) {
            problem = StoreUnavailableHandler.problem(unavailable);
        } else if (error instanceof StoreQuotaExceededException full) {
            problem = StoreUnavailableHandler.problem(full);
        } else {
            log.error("A batched write of config key {} failed unexpectedly", write.key(), error);
            problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.UNEXPECTED);
        }
        return new Result(write.key(), problem.getStatus(), revision,
                ProblemResponses.tree(problem, ConfigController.BASE + write.key()));
    }

    private static Long revision(String header) {
        return header == null ? null : Long.valueOf(header);
    }
}
