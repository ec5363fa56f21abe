package dev.distlab.common.unsafe;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds {@code unsafe: [names of this service's switches that are on]} to /actuator/info ({@code []} when safe). */
public class UnsafeInfoContributor implements InfoContributor {

    private final UnsafeSwitches switches;

    public UnsafeInfoContributor(UnsafeSwitches switches) {
        this.switches = switches;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("unsafe", switches.active().stream().map(UnsafeSwitch::switchName).toList());
    }
}
