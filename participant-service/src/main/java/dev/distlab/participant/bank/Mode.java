package dev.distlab.participant.bank;

/** Where a transaction's decision lives: the Paxos config store, or only the coordinator's own database. */
enum Mode {
    PAXOS("paxos"), LOCAL("local");

    private final String wire;

    Mode(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /** The mode named in JSON, or null if the name is not one. */
    static Mode fromWire(String name) {
        for (Mode m : values()) {
            if (m.wire.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
