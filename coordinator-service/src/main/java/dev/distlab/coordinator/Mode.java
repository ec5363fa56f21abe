package dev.distlab.coordinator;

/** Where a transaction's decision is kept: in the config store (Paxos) or only in the coordinator's database. */
public enum Mode {
    PAXOS, LOCAL;

    /** The name on the wire and in the database: {@code paxos} or {@code local}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The mode of a wire name, or null. */
    public static Mode fromWire(String wire) {
        for (Mode m : values()) {
            if (m.wire().equals(wire)) {
                return m;
            }
        }
        return null;
    }
}
