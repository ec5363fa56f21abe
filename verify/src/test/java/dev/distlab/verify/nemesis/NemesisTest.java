package dev.distlab.verify.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;
import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Instance;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;

class NemesisTest {

    /** Processes whose restart takes {@code startMs}, as a JVM does on a busy machine; records every call. */
    private static final class SlowProcesses implements Processes {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final long startMs;

        SlowProcesses(long startMs) {
            this.startMs = startMs;
        }

        @Override
        public void kill(Instance instance) {
            calls.add("kill " + instance.id());
        }

        @Override
        public void start(Instance instance) {
            try {
                Thread.sleep(startMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            calls.add("start " + instance.id());
        }

        @Override
        public void pause(Instance instance, long durationMs) {
            calls.add("pause " + instance.id());
        }

        @Override
        public void resume(Instance instance) {
            calls.add("resume " + instance.id());
        }
    }

    private static final Instance P1 = new Instance("participant-1", Instance.Role.PARTICIPANT, "http://127.0.0.1:1");
    private static final Instance P2 = new Instance("participant-2", Instance.Role.PARTICIPANT, "http://127.0.0.1:1");

    private static Nemesis nemesis(List<Step> steps, Processes processes, Recorder recorder, List<String> log) {
        Topology topology = new Topology("http://127.0.0.1:1", List.of(P1, P2));
        return new Nemesis(steps, topology, processes, null, null, new Http(), recorder, log::add);
    }

    @Test
    void shouldCloseAKillWindowOnlyOnceTheInstanceIsReadyAgainAndSkipAWindowThatNoLongerFits() {
        // a restart that took longer than the gap: the next window would open late, reaching past the load
        SlowProcesses processes = new SlowProcesses(1_500);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Recorder recorder = new Recorder(null);
        List<Step> steps = List.of(new Step(0, "kill", List.of("participant-1"), Map.of(), 200),
                new Step(400, "pause", List.of("participant-2"), Map.of(), 1_000),
                new Step(3_000, "pause", List.of("participant-2"), Map.of(), 200));

        nemesis(steps, processes, recorder, log).run();

        assertThat(processes.calls).containsExactly("kill participant-1", "start participant-1", "pause participant-2",
                "resume participant-2");
        assertThat(log).anyMatch(line -> line.startsWith("nemesis: skipped, too late after the previous window: pause"));
        // the kill window's start completes once the instance is up: the report shades the whole outage
        Op started = recorder.ops().stream().filter(op -> op.f().equals("start") && op.type() == OpType.INFO)
                .findFirst().orElseThrow();
        assertThat(started.time()).isGreaterThanOrEqualTo(1_500_000_000L);
    }
}
