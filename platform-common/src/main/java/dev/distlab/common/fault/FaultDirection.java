package dev.distlab.common.fault;

import java.util.Locale;

/** Which calls a network fault acts on: this service's outgoing calls or the requests it receives. */
public enum FaultDirection {
    OUT, IN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FaultDirection parse(String value) {
        for (FaultDirection direction : values()) {
            if (direction.wireName().equals(value)) {
                return direction;
            }
        }
        return null;
    }
}
