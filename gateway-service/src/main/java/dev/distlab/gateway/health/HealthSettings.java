package dev.distlab.gateway.health;

import java.time.Duration;

/**
 * How the tracker decides.
 *
 * @param consecutiveFailures failed requests in a row that eject an instance (Envoy's consecutive_5xx)
 * @param ejectOnConnectFailure whether one connect failure ejects at once: a refused connection says the
 *        process is not listening, so there is no point sending it more requests to find out
 * @param baseEjection how long the first ejection lasts; each further ejection doubles it
 * @param maxEjection the longest an ejection lasts
 * @param probeFailures failed readiness checks in a row that take an instance out of the rotation
 */
public record HealthSettings(int consecutiveFailures, boolean ejectOnConnectFailure, Duration baseEjection,
        Duration maxEjection, int probeFailures) {

    public HealthSettings {
        if (consecutiveFailures < 1 || probeFailures < 1) {
            throw new IllegalArgumentException("failure thresholds must be at least 1");
        }
        if (baseEjection.isNegative() || baseEjection.isZero() || maxEjection.compareTo(baseEjection) < 0) {
            throw new IllegalArgumentException("need 0 < baseEjection <= maxEjection");
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(3, true, Duration.ofSeconds(1), Duration.ofSeconds(30), 2);
    }
}
