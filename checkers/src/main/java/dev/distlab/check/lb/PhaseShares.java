package dev.distlab.check.lb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.distlab.check.Anomaly;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * One phase's requests counted per instance — only those served while no fault window disturbed the balancer
 * (from a window's start until the faulted instance serves again) and the gateway had every instance in its
 * rotation ({@link Rotation}) — and the chi-square test of those counts
 * against the shares the phase's policy setting implies.
 */
final class PhaseShares {

    private final String phase;
    private final PolicySetting setting;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long counted;
    private int disturbed;
    private int outOfRotation;
    private int failed;
    private int unattributed;
    private double chi2 = Double.NaN;
    private double p = Double.NaN;
    private double minExpected;

    private PhaseShares(String phase, PolicySetting setting) {
        this.phase = phase;
        this.setting = setting;
        if (setting != null) {
            setting.instances().forEach(id -> counts.put(id, 0L));
        }
    }

    static PhaseShares of(String phase, PolicySetting setting, List<Operation> requests, List<WindowImpact> impacts,
            Rotation rotation) {
        PhaseShares shares = new PhaseShares(phase, setting);
        for (Operation request : requests) {
            long start = request.start();
            long end = LbChecker.at(request);
            if (impacts.stream().anyMatch(i -> i.disturbs(start) || i.disturbs(end))) {
                shares.disturbed++;
            } else if (setting != null && !rotation.wholeAround(start, end, setting.instances())) {
                shares.outOfRotation++;
            } else if (request.type() != OpType.OK) {
                shares.failed++;
            } else if (request.completion().node() == null) {
                shares.unattributed++;
            } else {
                shares.counts.merge(request.completion().node(), 1L, Long::sum);
                shares.counted++;
            }
        }
        shares.test();
        return shares;
    }

    private void test() {
        if (setting == null || counted == 0) {
            return;
        }
        List<String> ids = new ArrayList<>(counts.keySet());
        long[] observed = new long[ids.size()];
        double[] expected = new double[ids.size()];
        int categories = 0;
        minExpected = Double.MAX_VALUE;
        for (int i = 0; i < ids.size(); i++) {
            observed[i] = counts.get(ids.get(i));
            expected[i] = counted * setting.shares().getOrDefault(ids.get(i), 0.0);
            if (expected[i] > 0) {
                categories++;
                minExpected = Math.min(minExpected, expected[i]);
            }
        }
        chi2 = ChiSquare.statistic(observed, expected);
        p = categories < 2 ? 1.0 : ChiSquare.pValue(chi2, categories - 1);
    }

    /** A {@code skewed-shares} anomaly when the counts cannot come from the expected shares. */
    Optional<Anomaly> anomaly(double alpha, double minimumExpected) {
        if (setting == null || counted == 0) {
            return Optional.empty();
        }
        List<String> unexpected = counts.entrySet().stream()
                .filter(e -> e.getValue() > 0 && setting.shares().getOrDefault(e.getKey(), 0.0) == 0).map(e -> e.getKey()
                        + " served " + e.getValue()).toList();
        if (!unexpected.isEmpty()) {
            return Optional.of(Anomaly.of("skewed-shares", "phase " + phase + " (" + setting.policy()
                    + "): instances that should get nothing served requests: " + unexpected,
                    List.of(setting.operation())));
        }
        if (minExpected >= minimumExpected && p < alpha) {
            return Optional.of(Anomaly.of("skewed-shares", String.format(java.util.Locale.ROOT,
                    "phase %s (%s): counts %s over %d requests do not fit the expected shares %s "
                            + "(chi-square %.2f, p = %.3g < %s)", phase, setting.policy(), counts, counted,
                    rounded(setting.shares()), chi2, p, alpha), List.of(setting.operation())));
        }
        return Optional.empty();
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("policy", setting == null ? null : setting.policy());
        stats.put("counted", counted);
        stats.put("counts", counts);
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.forEach((id, n) -> shares.put(id, counted == 0 ? 0.0 : (double) n / counted));
        stats.put("shares", rounded(shares));
        stats.put("expectedShares", setting == null ? null : rounded(setting.shares()));
        stats.put("chi2", Double.isNaN(chi2) ? null : chi2);
        stats.put("p", Double.isNaN(p) ? null : p);
        stats.put("enoughSamples", !Double.isNaN(chi2) && minExpected >= LbChecker.MIN_EXPECTED);
        stats.put("excludedInFaultWindows", disturbed);
        stats.put("excludedInstanceOutOfRotation", outOfRotation);
        stats.put("failedOutsideWindows", failed);
        stats.put("withoutInstance", unattributed);
        return stats;
    }

    private static Map<String, Double> rounded(Map<String, Double> shares) {
        Map<String, Double> rounded = new LinkedHashMap<>();
        shares.forEach((id, share) -> rounded.put(id, Math.round(share * 10_000) / 10_000.0));
        return rounded;
    }
}
