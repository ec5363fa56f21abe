package dev.distlab.check.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.distlab.check.Anomaly;
import dev.distlab.check.CheckResult;
import dev.distlab.check.history.History;
import dev.distlab.check.history.Op;
import dev.distlab.check.history.OpType;

/**
 * The register checker on a history the size a verify run records: 10,000 operations of a simulated correct
 * store over 20 keys and 10 clients, with lost answers. The timeout is a generous bound against a search that
 * explodes, not a speed assertion.
 */
class RegisterScaleTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldPassTenThousandOperationsOfACorrectStore() {
        History history = SimulatedRegisterHistory.build(7, 10_000, 20, 10);
        assertThat(history.operations()).hasSize(10_000);
        assertThat(history.ops()).filteredOn(op -> op.type() == OpType.INFO).hasSizeGreaterThan(50);

        CheckResult result = new RegisterChecker().check(history);

        assertThat(result.anomalies()).isEmpty();
        assertThat(result.stats()).containsEntry("keys", 20);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldFindOneStaleReadPlantedInTenThousandOperations() {
        History correct = SimulatedRegisterHistory.build(11, 10_000, 20, 10);
        // a read of k3's very first value, long after later writes to k3 completed
        long first = correct.operations().stream().filter(o -> o.f().equals("write") && o.type() == OpType.OK
                && ((List<?>) o.invoke().value()).get(0).equals("k3")).map(o -> (Long) ((List<?>) o.invoke().value()).get(1))
                .findFirst().orElseThrow();
        List<Op> ops = new ArrayList<>(correct.ops());
        long end = ops.get(ops.size() - 1).time();
        Op read = Op.invoke(99, "read", java.util.Arrays.asList("k3", null), end + 1);
        ops.add(read);
        ops.add(read.complete(OpType.OK, List.of("k3", first), end + 2, null, null));

        CheckResult result = new RegisterChecker().check(new History(ops));

        assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly("not-linearizable");
        assertThat(result.anomalies().get(0).description()).startsWith("key k3:").contains("returned " + first);
    }
}
