package dev.distlab.common.observability;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.distlab.common.InstanceIdentity;

/** Adds {@code instance: {id, service, startedAt}} to /actuator/info. */
public class InstanceInfoContributor implements InfoContributor {

    private final InstanceIdentity identity;

    public InstanceInfoContributor(InstanceIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("instance", Map.of("id", identity.id(), "service", identity.service(),
                "startedAt", identity.startedAt().toString()));
    }
}
