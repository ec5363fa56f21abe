package dev.distlab.check.lb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.Checker;
import dev.distlab.check.Values;
import dev.distlab.check.history.FaultWindow;
import dev.distlab.check.history.FaultWindows;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.check.history.Operation;

/**
 * The lb workload (see the History contract). Per phase (one policy setting), the requests served while no
 * fault disturbed the balancer and every instance was in the gateway's rotation must follow the policy's shares: Pearson's chi-square test against them, and a
 * {@code skewed-shares} anomaly when p is below {@code alpha} and every instance was expected at least
 * {@link #MIN_EXPECTED} requests. Per fault window: the error rate, the time to eject and the time to
 * recover ({@link WindowImpact}); errors more than {@code recoveryGrace} after a window ended are a
 * {@code slow-recovery}, errors with no fault before them {@code errors-without-fault}, and a faulted
 * instance that never serves again though its phase goes on is {@code not-recovered}.
 */
public final class LbChecker implements Checker {

    public static final Duration DEFAULT_RECOVERY_GRACE = Duration.ofSeconds(10);
    public static final double DEFAULT_ALPHA = 0.001;
    /** Fewer expected requests per instance than this and the chi-square approximation is not trusted. */
    static final double MIN_EXPECTED = 5;
    private static final int OPS_SHOWN = 10;

    private final long graceNanos;
    private final double alpha;

    public LbChecker() {
        this(DEFAULT_RECOVERY_GRACE, DEFAULT_ALPHA);
    }

    public LbChecker(Duration recoveryGrace, double alpha) {
        if (recoveryGrace.isNegative() || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need a grace ≥ 0 and 0 < alpha < 1, got " + recoveryGrace + ", " + alpha);
        }
        this.graceNanos = recoveryGrace.toNanos();
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "lb";
    }

    @Override
    public CheckResult check(History history) {
        List<Anomaly> anomalies = new ArrayList<>();
        List<PolicySetting> settings = new ArrayList<>();
        Map<String, List<Operation>> phases = new LinkedHashMap<>();
        List<Operation> requests = new ArrayList<>();
        for (Operation operation : history.operations()) {
            try {
                if (operation.f().equals("set-policy") && operation.type() == OpType.OK) {
                    settings.add(PolicySetting.of(operation));
                } else if (operation.f().equals("request")) {
                    String phase = String.valueOf(Values.map(operation.invoke().value(), "request value").get("phase"));
                    phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(operation);
                    requests.add(operation);
                }
            } catch (Values.MalformedValueException e) {
                anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of(operation)));
            }
        }
        Set<String> instances = new HashSet<>();
        settings.forEach(s -> instances.addAll(s.instances()));
        List<WindowImpact> impacts = new ArrayList<>();
        for (FaultWindow window : FaultWindows.of(history)) {
            impacts.add(WindowImpact.of(window, requests, instances));
        }
        Rotation rotation;
        try {
            rotation = Rotation.of(history.operations());
        } catch (Values.MalformedValueException e) {
            anomalies.add(Anomaly.of("malformed-op", e.getMessage(), List.of()));
            rotation = Rotation.of(List.of());
        }
        Map<String, Object> phaseStats = new LinkedHashMap<>();
        Map<String, PolicySetting> settingOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<Operation>> phase : phases.entrySet()) {
            PolicySetting setting = settingFor(phase.getKey(), phase.getValue().get(0), settings);
            settingOf.put(phase.getKey(), setting);
            PhaseShares shares = PhaseShares.of(phase.getKey(), setting, phase.getValue(), impacts, rotation);
            phaseStats.put(phase.getKey(), shares.stats());
            shares.anomaly(alpha, MIN_EXPECTED).ifPresent(anomalies::add);
        }
        errorsAfterWindows(requests, impacts, rotation, anomalies);
        notRecovered(phases, settingOf, impacts, rotation, anomalies);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", requests.size());
        stats.put("alpha", alpha);
        stats.put("recoveryGraceMs", ms(graceNanos));
        stats.put("phases", phaseStats);
        stats.put("faultWindows", impacts.stream().map(WindowImpact::stats).toList());
        return CheckResult.of(name(), anomalies, stats);
    }

    /** The set-policy naming the phase, else the last one before the phase's first request. */
    private static PolicySetting settingFor(String phase, Operation firstRequest, List<PolicySetting> settings) {
        PolicySetting latest = null;
        for (PolicySetting setting : settings) {
            if (phase.equals(setting.phase())) {
                return setting;
            }
            if (setting.operation().invoke().index() < firstRequest.invoke().index()) {
                latest = setting;
            }
        }
        return latest;
    }

    /**
     * Errors outside every window: excused within the grace after a window, or while the gateway had no instance
     * in its rotation at all (nothing to route to: every participant still starting, say); anomalies otherwise.
     */
    private void errorsAfterWindows(List<Operation> requests, List<WindowImpact> impacts, Rotation rotation,
            List<Anomaly> anomalies) {
        Map<WindowImpact, List<Operation>> late = new LinkedHashMap<>();
        List<Operation> unprovoked = new ArrayList<>();
        for (Operation request : requests) {
            long at = at(request);
            if (request.type() == OpType.OK || impacts.stream().anyMatch(i -> i.window().contains(at))
                    || rotation.emptyAt(request.start())) {
                continue;
            }
            WindowImpact before = null;
            for (WindowImpact impact : impacts) {
                if (impact.window().end() < at) {
                    before = impact;
                }
            }
            if (before == null) {
                unprovoked.add(request);
            } else if (at - before.window().end() > graceNanos) {
                late.computeIfAbsent(before, w -> new ArrayList<>()).add(request);
            }
        }
        late.forEach((impact, errors) -> anomalies.add(withWindow("slow-recovery", errors.size()
                + " request(s) failed more than " + ms(graceNanos) + " ms after the " + impact.window().kinds()
                + " window on " + impact.window().targets() + " ended, the last " + ms(at(errors.get(errors.size() - 1))
                        - impact.window().end()) + " ms after", impact.window(), errors)));
        if (!unprovoked.isEmpty()) {
            anomalies.add(Anomaly.of("errors-without-fault", unprovoked.size()
                    + " request(s) failed with no fault injected before them", unprovoked.subList(0,
                            Math.min(OPS_SHOWN, unprovoked.size()))));
        }
    }

    /**
     * A faulted instance that the balancer never used again though its phase went on past the grace. With
     * rotation samples, the grace counts from when the gateway had the instance back in its rotation: how long a
     * killed JVM takes to start again is not the balancer's doing, and one that never came back is not judged.
     */
    private void notRecovered(Map<String, List<Operation>> phases, Map<String, PolicySetting> settingOf,
            List<WindowImpact> impacts, Rotation rotation, List<Anomaly> anomalies) {
        for (WindowImpact impact : impacts) {
            if (!impact.window().closed() || !impact.balancedTarget() || impact.recoveredAt() != null) {
                continue;
            }
            long from = impact.window().end();
            if (rotation.sampled()) {
                Long back = rotation.backAfter(from, impact.window().targets());
                if (back == null) {
                    continue;
                }
                from = back;
            }
            long deadline = from + graceNanos;
            for (Map.Entry<String, List<Operation>> phase : phases.entrySet()) {
                PolicySetting setting = settingOf.get(phase.getKey());
                boolean targetExpected = setting != null && impact.window().targets().stream()
                        .anyMatch(t -> setting.shares().getOrDefault(t, 0.0) > 0);
                List<Operation> servedLater = phase.getValue().stream()
                        .filter(r -> r.type() == OpType.OK && at(r) > deadline).toList();
                if (targetExpected && !servedLater.isEmpty()) {
                    anomalies.add(withWindow("not-recovered", "after the " + impact.window().kinds() + " window on "
                            + impact.window().targets() + " ended, " + servedLater.size() + " request(s) of phase "
                            + phase.getKey() + " were served more than " + ms(graceNanos) + " ms after "
                            + (rotation.sampled() ? "the gateway had it back in rotation" : "that")
                            + ", none by the faulted instance", impact.window(), servedLater));
                    break;
                }
            }
        }
    }

    /** An anomaly showing the window's nemesis lines and the first few requests. */
    private static Anomaly withWindow(String type, String description, FaultWindow window, List<Operation> requests) {
        List<Op> ops = new ArrayList<>(window.ops());
        ops.addAll(Anomaly.of(type, description, requests.subList(0, Math.min(OPS_SHOWN, requests.size()))).ops());
        ops.sort(Comparator.comparingLong(Op::index));
        return new Anomaly(type, description, ops);
    }

    /** When a request happened: its completion, or its invocation when it never completed. */
    static long at(Operation request) {
        return request.completion() == null ? request.start() : request.completion().time();
    }

    static double ms(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }
}
