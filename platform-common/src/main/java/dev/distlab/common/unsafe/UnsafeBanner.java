package dev.distlab.common.unsafe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Says loudly, once the beans exist (before the service takes requests), which planted bugs this instance runs
 * with: one ERROR line per switch, so nobody mistakes a teaching run for a safe one.
 */
public class UnsafeBanner implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UnsafeBanner.class);

    private final UnsafeSwitches switches;

    public UnsafeBanner(UnsafeSwitches switches) {
        this.switches = switches;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (UnsafeSwitch s : switches.active()) {
            log.error("UNSAFE SWITCH ON: {} — {}.{} For teaching only.", s.property(), s.consequence(),
                    s.deferredWrite() ? " (Written " + switches.writeDelay().toMillis()
                            + " ms after the answer, platform.unsafe.write-delay.)" : "");
        }
        for (UnsafeSwitch s : switches.ignored()) {
            log.info("{} is on but belongs to {}: it changes nothing in {}", s.property(), s.service(),
                    switches.service());
        }
    }
}
