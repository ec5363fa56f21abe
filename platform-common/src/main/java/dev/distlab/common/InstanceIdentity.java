package dev.distlab.common;

import java.time.Instant;

/** Who this process is: its instance id, its service name and when it started. */
public record InstanceIdentity(String id, String service, Instant startedAt) {
}
