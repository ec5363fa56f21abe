package dev.distlab.gateway.dashboard;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;
import dev.distlab.gateway.routing.RouteTable;

/**
 * {@code GET /api/gateway/transactions?status=S&limit=N}: the most recent transactions of every coordinator, merged
 * newest first. {@code GET /api/transactions} answers with one coordinator's history only (whichever the balancer
 * picked), so a dashboard polling it would see the list change with every poll. Beside them, the branches the
 * participants hold in doubt, which no coordinator's list shows.
 */
@RestController
class RecentTransactionsController {

    private static final Set<String> STATUSES = Set.of("PREPARING", "COMMITTED", "ABORTED", "HEURISTIC");

    /**
     * The merged list, the coordinators that could not be read (their transactions are missing), and the
     * participants' branches in doubt.
     */
    record Recent(List<Map<String, Object>> transactions, Map<String, String> unreachable,
            BranchesInDoubt.InDoubt inDoubt) {
    }

    private final BalancerRegistry registry;
    private final InstanceReads reads;
    private final BranchesInDoubt branchesInDoubt;

    RecentTransactionsController(BalancerRegistry registry, InstanceReads reads, BranchesInDoubt branchesInDoubt) {
        this.registry = registry;
        this.reads = reads;
        this.branchesInDoubt = branchesInDoubt;
    }

    @GetMapping("/api/gateway/transactions")
    Recent recent(@RequestParam(required = false) String status, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalid("limit", "must be between 1 and 1000");
        }
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of " + STATUSES);
        }
        Map<String, URI> coordinators = InstanceReads.byId(registry.instancesOf(RouteTable.COORDINATORS));
        String query = "/api/transactions?limit=" + limit
                + (status == null ? "" : "&status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        reads.read(coordinators, query).forEach((id, answer) -> collect(id, answer, all, unreachable));
        // time-ordered ids (TxIds) break ties between transactions created in the same instant
        all.sort(Comparator.comparing((Map<String, Object> tx) -> createdAt(tx))
                .thenComparing(tx -> String.valueOf(tx.get("id"))).reversed());
        return new Recent(all.subList(0, Math.min(limit, all.size())), unreachable, branchesInDoubt.current());
    }

    private static Instant createdAt(Map<String, Object> tx) {
        try {
            return Instant.parse(String.valueOf(tx.get("createdAt")));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(String id, Answer answer, List<Map<String, Object>> all,
            Map<String, String> unreachable) {
        if (answer.json() == null || !(answer.json().get("transactions") instanceof List<?> list)) {
            unreachable.put(id, answer.error() == null ? "no transaction list in its answer" : answer.error());
            return;
        }
        list.forEach(tx -> all.add((Map<String, Object>) tx));
    }
}
