package dev.distlab.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distlab.systemtest.RegisterChecker.Op;

/** The checker must tell good histories from bad ones, or the end-to-end test proves nothing. */
class RegisterCheckerTest {

    @Test
    void shouldAcceptSequentialReadsOfTheLastWrite() {
        assertThat(RegisterChecker.isLinearizable(List.of(Op.write("a", "1", 0, 1), Op.read("b", "1", 2, 3),
                Op.write("a", "2", 4, 5), Op.read("b", "2", 6, 7)), null)).isTrue();
    }

    @Test
    void shouldRejectAStaleReadAfterANewerWriteCompleted() {
        assertThat(RegisterChecker.isLinearizable(List.of(Op.write("a", "1", 0, 1), Op.write("a", "2", 2, 3),
                Op.read("b", "1", 4, 5)), null)).isFalse();
    }

    @Test
    void shouldAcceptEitherOrderForConcurrentWrites() {
        List<Op> history = List.of(Op.write("a", "1", 0, 10), Op.write("b", "2", 1, 9), Op.read("c", "1", 11, 12));
        assertThat(RegisterChecker.isLinearizable(history, null)).isTrue();
    }

    @Test
    void shouldRejectReadsThatSeeValuesGoBackwards() {
        List<Op> history = List.of(Op.write("a", "1", 0, 10), Op.write("b", "2", 1, 9), Op.read("c", "1", 11, 12),
                Op.read("c", "2", 13, 14), Op.read("c", "1", 15, 16));
        assertThat(RegisterChecker.isLinearizable(history, null)).isFalse();
    }

    @Test
    void shouldLetAnUnknownWriteTakeEffectLateOrNever() {
        assertThat(RegisterChecker.isLinearizable(List.of(Op.unknownWrite("a", "x", 0), Op.read("b", null, 5, 6),
                Op.read("b", "x", 7, 8)), null)).isTrue();
        assertThat(RegisterChecker.isLinearizable(List.of(Op.unknownWrite("a", "x", 0), Op.read("b", null, 5, 6)),
                null)).isTrue();
        assertThat(RegisterChecker.isLinearizable(List.of(Op.unknownWrite("a", "x", 10), Op.read("b", "x", 5, 6)),
                null)).as("a read cannot see a write invoked after it completed").isFalse();
    }

    @Test
    void shouldRejectAReadOfAValueNobodyWrote() {
        assertThat(RegisterChecker.isLinearizable(List.of(Op.read("b", "ghost", 0, 1)), null)).isFalse();
    }

    @Test
    void shouldCheckALongHistoryWithoutRunningOutOfStack() {
        List<Op> history = new java.util.ArrayList<>();
        long t = 0;
        for (int n = 0; n < 5_000; n++) {
            // two clients overlap: a write and a read that sees either the old or the new value
            String before = n == 0 ? null : "v" + (n - 1);
            history.add(Op.write("a", "v" + n, t, t + 3));
            history.add(Op.read("b", n % 2 == 0 ? before : "v" + n, t + 1, t + 2));
            t += 4;
        }
        assertThat(RegisterChecker.isLinearizable(history, null)).isTrue();
        history.add(Op.read("b", "v0", t, t + 1));
        assertThat(RegisterChecker.isLinearizable(history, null)).as("a stale read at the very end").isFalse();
    }
}
