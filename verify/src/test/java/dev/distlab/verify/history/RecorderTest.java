package dev.distlab.verify.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.distlab.check.history.JsonLines;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

class RecorderTest {

    @Test
    void shouldStreamOneJsonLinePerOpInJepsensShape() {
        StringWriter out = new StringWriter();
        Recorder recorder = new Recorder(out);
        Op write = recorder.invoke(0, "write", List.of("k1", 3L));
        recorder.ok(write, List.of("k1", 3L), "participant-2");
        Op kill = recorder.invoke(Op.NEMESIS, "kill", java.util.Map.of("targets", List.of("participant-1")));
        recorder.info(kill, null, null, "exit 1");

        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("{\"index\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":[\"k1\",3],"
                + "\"process\":0,\"time\":");
        assertThat(lines[1]).contains("\"type\":\"ok\"").contains("\"node\":\"participant-2\"");
        assertThat(lines[2]).contains("\"process\":\"nemesis\"");
        assertThat(lines[3]).contains("\"type\":\"info\"").contains("\"error\":\"exit 1\"");
        List<Op> parsed = Arrays.stream(lines).map(JsonLines::fromLine).toList();
        assertThat(parsed).isEqualTo(recorder.ops());
        assertThat(parsed.get(1).time()).isGreaterThanOrEqualTo(parsed.get(0).time());
        assertThat(recorder.counts()).isEqualTo(new Recorder.Counts(1, 0, 0));
    }

    @Test
    void shouldNumberOpsInTheOrderTheyHappenAcrossThreads() throws InterruptedException {
        Recorder recorder = new Recorder(null);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int process = p;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    Op op = recorder.invoke(process, "read", null);
                    recorder.complete(op, i % 2 == 0 ? OpType.OK : OpType.FAIL, null, null, null);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        List<Op> ops = recorder.ops();
        assertThat(ops).hasSize(1600);
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i).index()).isEqualTo(i);
            if (i > 0) {
                assertThat(ops.get(i).time()).isGreaterThanOrEqualTo(ops.get(i - 1).time());
            }
        }
        assertThat(recorder.counts()).isEqualTo(new Recorder.Counts(400, 400, 0));
    }

    @Test
    void shouldSliceOneWorkloadWithTheNemesisAndMapBackToRunWideIndices() {
        Recorder recorder = new Recorder(null);
        Op other = recorder.invoke(0, "read", null);
        Op mine = recorder.invoke(1, "write", List.of("k", 1L));
        Op kill = recorder.invoke(Op.NEMESIS, "kill", null);
        recorder.info(kill, null, null, null);
        recorder.ok(other, null, null);
        Op done = recorder.ok(mine, List.of("k", 1L), null);

        Recorder.Slice slice = recorder.sliceOf(List.of(1));

        assertThat(slice.history().ops()).extracting(Op::f).containsExactly("write", "kill", "kill", "write");
        Op checkersView = slice.history().ops().get(3);
        assertThat(checkersView.index()).isEqualTo(3);
        assertThat(slice.original(checkersView)).isEqualTo(done);
        assertThat(slice.original(checkersView).index()).isEqualTo(5);
    }
}
