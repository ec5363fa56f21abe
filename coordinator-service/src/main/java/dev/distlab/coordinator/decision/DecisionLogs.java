package dev.distlab.coordinator.decision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.distlab.coordinator.Mode;

/** The decision log of each mode; a transaction keeps the mode it was started in. */
@Component
public class DecisionLogs {

    private final Map<Mode, DecisionLog> byMode = new EnumMap<>(Mode.class);

    DecisionLogs(List<DecisionLog> logs) {
        logs.forEach(l -> byMode.put(l.mode(), l));
    }

    public DecisionLog of(Mode mode) {
        return byMode.get(mode);
    }

    /** The log of a mode as the history records it ({@code paxos} or {@code local}). */
    public DecisionLog of(String wireMode) {
        Mode mode = Mode.fromWire(wireMode);
        return byMode.get(mode == null ? Mode.PAXOS : mode);
    }
}
