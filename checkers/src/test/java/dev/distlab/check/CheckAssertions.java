package dev.distlab.check;

import static org.assertj.core.api.Assertions.assertThat;

/** The two things every checker test asserts: a result has no anomaly, or exactly one of a given type. */
public final class CheckAssertions {

    private CheckAssertions() {
    }

    public static void assertValid(CheckResult result) {
        assertThat(result.anomalies()).isEmpty();
        assertThat(result.valid()).isTrue();
    }

    /** The result's only anomaly, which must be of {@code type}. */
    public static Anomaly single(CheckResult result, String type) {
        assertThat(result.valid()).isFalse();
        assertThat(result.anomalies()).extracting(Anomaly::type).containsExactly(type);
        return result.anomalies().get(0);
    }
}
