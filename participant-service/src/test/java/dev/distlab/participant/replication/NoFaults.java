package dev.distlab.participant.replication;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.FaultRegistry;
import dev.distlab.common.fault.OutgoingFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A fault hook with its own empty registry, for tests of the replica's clients. */
final class NoFaults {

    private NoFaults() {
    }

    static FaultRegistry registry() {
        return new FaultRegistry(new CrashPoints(point -> {
            throw new AssertionError("crash point " + point + " reached in a test");
        }), new SimpleMeterRegistry());
    }

    static OutgoingFaults hook() {
        return new OutgoingFaults(registry());
    }
}
