package dev.distlab.common.unsafe;

import java.util.Arrays;
import java.util.Optional;

/**
 * The planted bugs a user can switch on to watch {@code verify} catch them: each breaks one durability or
 * consistency rule of one service. Off unless {@code platform.unsafe.<name>=true}.
 */
public enum UnsafeSwitch {

    VOTE_BEFORE_FSYNC("vote-before-fsync", "participant-service", true,
            "this participant answers YES before its vote is on disk; a crash can lose a promise"),
    ACCEPT_BEFORE_FSYNC("accept-before-fsync", "participant-service", true,
            "this config store replica answers Paxos promises and accepts before they are on disk; a crash of a "
                    + "majority can lose a chosen value"),
    READS_WITHOUT_QUORUM("reads-without-quorum", "participant-service", false,
            "this config store replica answers default (linearizable) reads from its own copy without asking a "
                    + "majority; a lagging or partitioned replica serves stale values"),
    SKIP_DECISION_RECORD("skip-decision-record", "coordinator-service", false,
            "this coordinator starts phase 2 before its decision is durably recorded; a crash or an in-doubt "
                    + "participant can abort what another branch committed"),
    ROUND_ROBIN_OFF_BY_ONE("round-robin-off-by-one", "gateway-service", false,
            "this gateway's round-robin has an off-by-one: the first instance gets twice its share");

    private final String switchName;
    private final String service;
    private final boolean deferredWrite;
    private final String consequence;

    UnsafeSwitch(String switchName, String service, boolean deferredWrite, String consequence) {
        this.switchName = switchName;
        this.service = service;
        this.deferredWrite = deferredWrite;
        this.consequence = consequence;
    }

    /** The name {@code ./cluster up --unsafe} and /actuator/info use, e.g. {@code vote-before-fsync}. */
    public String switchName() {
        return switchName;
    }

    /** The property that turns it on, e.g. {@code platform.unsafe.vote-before-fsync}. */
    public String property() {
        return "platform.unsafe." + switchName;
    }

    /** The service ({@code spring.application.name}) whose behaviour it changes. */
    public String service() {
        return service;
    }

    /** Whether it answers before a write that follows platform.unsafe.write-delay later. */
    public boolean deferredWrite() {
        return deferredWrite;
    }

    /** What goes wrong, in plain words. */
    public String consequence() {
        return consequence;
    }

    public static Optional<UnsafeSwitch> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.switchName.equals(name)).findFirst();
    }
}
