package dev.distlab.common.unsafe;

import java.time.Duration;
import java.util.List;

/**
 * The unsafe switches as this service sees them: only its own count (a participant ignores the gateway's
 * switch). Services ask {@link #isOn} where the planted bug lives.
 */
public final class UnsafeSwitches {

    private final String service;
    private final UnsafeProperties properties;

    public UnsafeSwitches(String service, UnsafeProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    /** All off: what a service without the auto-configuration (a test) runs with. */
    public static UnsafeSwitches none() {
        return new UnsafeSwitches("", new UnsafeProperties());
    }

    /** Whether this switch is on and belongs to this service. */
    public boolean isOn(UnsafeSwitch unsafe) {
        return unsafe.service().equals(service) && properties.isOn(unsafe);
    }

    /** This service's switches that are on. */
    public List<UnsafeSwitch> active() {
        return properties.on().stream().filter(this::isOn).toList();
    }

    /** Switches that are on but belong to another service, so they change nothing here. */
    public List<UnsafeSwitch> ignored() {
        return properties.on().stream().filter(s -> !isOn(s)).toList();
    }

    /** This service's switches, on or off. */
    public List<UnsafeSwitch> own() {
        return List.of(UnsafeSwitch.values()).stream().filter(s -> s.service().equals(service)).toList();
    }

    /** See {@link UnsafeProperties#getWriteDelay()}. */
    public Duration writeDelay() {
        return properties.getWriteDelay();
    }

    public String service() {
        return service;
    }
}
