package dev.distlab.coordinator.decision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.distlab.common.unsafe.UnsafeSwitch;
import dev.distlab.common.unsafe.UnsafeSwitches;
import dev.distlab.coordinator.Mode;
import dev.distlab.coordinator.history.TransactionHistory;

/** The decision log of each mode; a transaction keeps the mode it was started in. */
@Component
public class DecisionLogs {

    private final Map<Mode, DecisionLog> byMode = new EnumMap<>(Mode.class);
    /** What a request decides through: the same logs, or with platform.unsafe.skip-decision-record unrecorded ones. */
    private final Map<Mode, DecisionLog> forRequests = new EnumMap<>(Mode.class);

    DecisionLogs(List<DecisionLog> logs, TransactionHistory history, ObjectProvider<UnsafeSwitches> unsafe) {
        logs.forEach(l -> byMode.put(l.mode(), l));
        boolean skip = unsafe.getIfAvailable(UnsafeSwitches::none).isOn(UnsafeSwitch.SKIP_DECISION_RECORD);
        byMode.forEach((mode, log) -> forRequests.put(mode, skip ? new UnrecordedDecisionLog(log, history) : log));
    }

    public DecisionLog of(Mode mode) {
        return byMode.get(mode);
    }

    /**
     * The log a request decides its transaction through: {@link #of(Mode)}, unless the unsafe switch
     * {@code platform.unsafe.skip-decision-record} is on (recovery and inquiries always use the real log).
     */
    public DecisionLog forRequest(Mode mode) {
        return forRequests.get(mode);
    }

    /** The log of a mode as the history records it ({@code paxos} or {@code local}). */
    public DecisionLog of(String wireMode) {
        Mode mode = Mode.fromWire(wireMode);
        return byMode.get(mode == null ? Mode.PAXOS : mode);
    }
}
