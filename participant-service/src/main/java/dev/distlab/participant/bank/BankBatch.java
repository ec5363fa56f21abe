package dev.distlab.participant.bank;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.ProblemResponses;
import dev.distlab.common.problem.Problems;
import dev.distlab.participant.bank.BankJson.Outcome;
import dev.distlab.participant.bank.BankJson.VoteAnswer;
import dev.distlab.participant.bank.BatchJson.Item;
import dev.distlab.participant.bank.BatchJson.Result;

/**
 * Runs the items of one batch one after another, on the caller's thread, each through the same {@link BankService}
 * code as its single endpoint, and forces the disk once after the last (see {@link BatchScope}) before anything is
 * answered. Each item's answer is what its single endpoint would have answered.
 */
@Component
class BankBatch {

    private static final Logger log = LoggerFactory.getLogger(BankBatch.class);

    private final BankService bank;
    private final BatchRequests requests;

    BankBatch(BankService bank, BatchRequests requests) {
        this.bank = bank;
        this.requests = requests;
    }

    /**
     * The items' results in their order; throws (the whole request fails) if the batch's sync failed. The items
     * share one database transaction, committed before the sync: a batch pays the fixed cost of a transaction
     * once, as it pays the sync once. If that transaction does not commit, nothing of the batch is recorded and
     * every item answers 500.
     */
    List<Result> run(BatchJson.Batch batch) {
        List<Item> items = BatchRequests.items(batch);
        List<String> txIds = items.stream().map(Item::txId).filter(Objects::nonNull).distinct().toList();
        BatchScope scope = bank.batch();
        List<Result> results = null;
        boolean committed = false;
        try {
            results = bank.inOneTransaction(txIds, scope, () -> runAll(items, scope));
            committed = true;
        } catch (RuntimeException e) {
            log.error("A batch of {} branch operations was rolled back ({}); each answers 500", items.size(),
                    e.toString());
            results = items.stream().map(item -> failed(item, e)).toList();
        } finally {
            if (!committed) {
                bank.reconcileLocks(txIds); // also if an item escaped with an Error
            }
        }
        if (!committed) {
            return results;
        }
        List<Result> answered = results;
        scope.complete().forEach((i, e) -> answered.set(i, failed(items.get(i), e)));
        return answered;
    }

    private List<Result> runAll(List<Item> items, BatchScope scope) {
        List<Result> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            scope.item(i);
            results.add(runOne(items.get(i), scope));
        }
        return results;
    }

    private Result runOne(Item item, BatchScope scope) {
        try {
            BatchRequests.Call call = requests.call(item);
            String txId = call.txId();
            Object answer = switch (call.action()) {
                case PREPARE -> VoteAnswer.of(bank.prepare(txId, call.command(), scope));
                case COMMIT -> new Outcome(txId, bank.commit(txId, scope));
                case ABORT -> new Outcome(txId, bank.abort(txId, scope));
            };
            return new Result(item.txId(), item.action(), HttpStatus.OK.value(), answer);
        } catch (RuntimeException e) {
            return failed(item, e);
        }
    }

    /**
     * The problem the single endpoint would have answered: a {@link ProblemException}'s own, else a 500 that tells
     * nothing of the cause (as PlatformExceptionHandler does); {@code instance} is the single endpoint's path.
     */
    private static Result failed(Item item, RuntimeException e) {
        ProblemDetail problem;
        if (e instanceof ProblemException p) {
            problem = p.getProblem();
        } else {
            log.error("Batch item {} of transaction {} failed with an unexpected error", item.action(), item.txId(), e);
            problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.UNEXPECTED);
        }
        String path = "/internal/bank/transactions/" + segment(item.txId()) + "/" + segment(item.action());
        Object body = ProblemResponses.tree(problem, path);
        return new Result(item.txId(), item.action(), problem.getStatus(), body);
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(String.valueOf(value), StandardCharsets.UTF_8);
    }
}
