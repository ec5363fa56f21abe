package dev.distlab.verify.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.distlab.verify.cluster.Instance;

/**
 * The seeded fault schedule: windows of a few seconds separated by quiet gaps, all over before the load ends
 * (so the final phase runs on a healed cluster). The same nemesis, seed, instances and duration always give
 * the same steps; only "the current leader" is looked up when its window starts.
 */
public final class Schedule {

    static final long WARM_UP_MS = 2_000;
    static final long MIN_WINDOW_MS = 3_000;
    static final long MAX_WINDOW_MS = 6_000;
    static final long MIN_GAP_MS = 2_000;
    static final long MAX_GAP_MS = 4_000;
    static final long QUIET_END_MS = 2_000;

    /** Crash points the services reach (grep {@code crashPoints.reached(}): phase one, the decision, phase two. */
    static final List<String> COORDINATOR_POINTS = List.of("coordinator.before-prepare", "coordinator.after-votes",
            "coordinator.after-decision", "coordinator.decision-unforced", "coordinator.after-commit-ack");
    static final List<String> PARTICIPANT_POINTS = List.of("participant.before-vote", "participant.after-vote-durable",
            "participant.after-commit-applied", "participant.after-abort-applied");

    private static final List<String> MIXED_KINDS = List.of("kill", "pause", "partition", "latency", "clock",
            "crash");

    private Schedule() {
    }

    /** The crash points an instance of this role reaches. */
    static List<String> crashPoints(Instance.Role role) {
        return role == Instance.Role.COORDINATOR ? COORDINATOR_POINTS : PARTICIPANT_POINTS;
    }

    public static List<Step> plan(String nemesis, long seed, List<String> participants, List<String> coordinators,
            List<String> everyInstance, long runMs) {
        List<Step> steps = new ArrayList<>();
        if (nemesis.equals("none")) {
            return steps;
        }
        Random random = new Random(seed ^ 0x6E656D65L); // "neme": independent of the clients' sequences
        List<String> deck = new ArrayList<>();
        long at = WARM_UP_MS;
        while (true) {
            long duration = between(random, MIN_WINDOW_MS, MAX_WINDOW_MS);
            if (at + duration > runMs - QUIET_END_MS) {
                break;
            }
            String kind = nemesis;
            if (nemesis.equals("mixed")) {
                // dealt from a shuffled deck: every kind comes once before any comes twice
                if (deck.isEmpty()) {
                    deck.addAll(MIXED_KINDS);
                    Collections.shuffle(deck, random);
                }
                kind = deck.remove(deck.size() - 1);
            }
            int kills = (int) steps.stream().filter(s -> s.kind().equals("kill")).count();
            steps.add(step(kind, at, duration, random, participants, coordinators, everyInstance, kills));
            at += duration + between(random, MIN_GAP_MS, MAX_GAP_MS);
        }
        return steps;
    }

    private static Step step(String kind, long at, long duration, Random random, List<String> participants,
            List<String> coordinators, List<String> everyInstance, int kills) {
        List<String> backends = new ArrayList<>(participants);
        backends.addAll(coordinators);
        Map<String, Object> params = new LinkedHashMap<>();
        return switch (kind) {
            case "kill" -> {
                // kills cycle through every participant at once (as Jepsen kills every node: only that loses
                // what a majority acknowledged but never wrote), one instance, and a majority of participants
                int variant = participants.size() >= 3 ? kills % 3 : 1;
                if (variant == 2) {
                    params.put("majority", true);
                    yield new Step(at, kind, pick(random, participants, participants.size() / 2 + 1), params,
                            duration);
                }
                if (variant == 0) {
                    params.put("all", true);
                    yield new Step(at, kind, List.copyOf(participants), params, duration);
                }
                yield new Step(at, kind, pick(random, backends, 1), params, duration);
            }
            case "pause" -> new Step(at, kind, pick(random, backends, 1), params, duration);
            case "partition" -> partition(at, duration, random, participants, params);
            case "latency" -> {
                params.put("delayMs", between(random, 50, 300));
                yield new Step(at, kind, pick(random, everyInstance, 1 + random.nextInt(2)), params, duration);
            }
            case "clock" -> {
                long minutes = between(random, 1, 10);
                params.put("offsetMs", (random.nextBoolean() ? 1 : -1) * minutes * 60_000);
                yield new Step(at, kind, pick(random, backends, 1 + random.nextInt(2)), params, duration);
            }
            case "crash" -> {
                // one coordinator and one participant, every crash point of each armed at once and firing with the
                // probability: under load each crashes within the window at whichever step of a transaction comes
                // first, so the crashes land at random points of the protocol, on both sides of it
                List<String> targets = new ArrayList<>(pick(random, coordinators, 1));
                targets.addAll(pick(random, participants, 1));
                params.put("probability", (1 + random.nextInt(3)) / 10.0);
                yield new Step(at, kind, targets, params, duration);
            }
            default -> throw new IllegalArgumentException("unknown nemesis " + kind);
        };
    }

    /** Isolates one participant, splits them into a majority and a minority, or isolates the current leader. */
    private static Step partition(long at, long duration, Random random, List<String> participants,
            Map<String, Object> params) {
        int variant = random.nextInt(3);
        if (variant == 2) {
            params.put("leader", true); // the groups are made when the window starts, around whoever leads then
            return new Step(at, "partition", List.of(), params, duration);
        }
        int minority = variant == 0 ? 1 : Math.max(1, (participants.size() - 1) / 2);
        List<String> shuffled = new ArrayList<>(participants);
        Collections.shuffle(shuffled, random);
        List<String> small = List.copyOf(shuffled.subList(0, minority));
        List<String> large = List.copyOf(shuffled.subList(minority, shuffled.size()));
        params.put("groups", List.of(small, large));
        return new Step(at, "partition", shuffled, params, duration);
    }

    private static List<String> pick(Random random, List<String> from, int count) {
        List<String> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, random);
        return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
    }

    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }
}
