package dev.distlab.gateway.dashboard;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distlab.gateway.balancer.BalancerRegistry;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;
import dev.distlab.gateway.routing.RouteTable;

/**
 * How many branches each participant holds in doubt: PREPARED for longer than its in-doubt timeout and still
 * undecided after its resolver's last round (the gauge {@code bank.branches.indoubt}). Read from each participant's
 * {@code /actuator/metrics/bank.branches.indoubt} with the cluster token — a few hundred bytes, where the public
 * {@code /actuator/prometheus} would be the whole scrape — and shared between callers for
 * {@link ParticipantNodes#FRESH_FOR}, like the participants' views.
 */
final class BranchesInDoubt {

    static final String PATH = "/actuator/metrics/bank.branches.indoubt";

    /**
     * Branches in doubt by participant and their total over the participants that answered; {@code unreachable}
     * names those that did not, and why (their branches are not in the total).
     */
    record InDoubt(Map<String, Long> branches, long total, Map<String, String> unreachable) {
    }

    private final SharedReading<InDoubt> shared;

    BranchesInDoubt(BalancerRegistry registry, InstanceReads reads, String clusterToken, Clock clock) {
        // without a token the participants answer 401, which is shown as the reason
        Map<String, String> authorization = clusterToken == null || clusterToken.isBlank() ? Map.of()
                : Map.of("Authorization", "Bearer " + clusterToken);
        this.shared = new SharedReading<>(ParticipantNodes.FRESH_FOR, clock, () -> read(
                reads.read(InstanceReads.byId(registry.instancesOf(RouteTable.PARTICIPANTS)), PATH, authorization)));
    }

    /** A reading younger than {@link ParticipantNodes#FRESH_FOR}: the last one, or a new one. */
    InDoubt current() {
        return shared.current().value();
    }

    private static InDoubt read(Map<String, Answer> answers) {
        Map<String, Long> branches = new LinkedHashMap<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        answers.forEach((id, answer) -> {
            Long count = countOf(answer);
            if (count == null) {
                unreachable.put(id, answer.error() == null ? "no value in its answer" : answer.error());
            } else {
                branches.put(id, count);
            }
        });
        return new InDoubt(branches, branches.values().stream().mapToLong(Long::longValue).sum(), unreachable);
    }

    /** The gauge's value: {@code {"measurements": [{"statistic": "VALUE", "value": 2.0}]}}. */
    private static Long countOf(Answer answer) {
        if (answer.json() == null || !(answer.json().get("measurements") instanceof List<?> measurements)) {
            return null;
        }
        for (Object measurement : measurements) {
            if (measurement instanceof Map<?, ?> m && "VALUE".equals(m.get("statistic"))
                    && m.get("value") instanceof Number value) {
                return Math.round(value.doubleValue());
            }
        }
        return null;
    }
}
