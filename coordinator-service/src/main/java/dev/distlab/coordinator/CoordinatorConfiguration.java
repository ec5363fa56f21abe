package dev.distlab.coordinator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import dev.distlab.common.InstanceIdentity;
import dev.distlab.common.PlatformProperties;
import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.Participants;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The coordinator's connections: the participants, the config store they replicate, and who this coordinator is.
 * Both clients are built from Spring's {@code RestClient.Builder}, so that their calls are spans of the transaction's
 * trace.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BankProperties.class)
class CoordinatorConfiguration {

    /** The participants, also named to the fault hook so that a fault can target one by its id. */
    @Bean
    Participants participants(BankProperties bank, OutgoingFaults faults) {
        Participants participants = Participants.parse(bank.participants());
        participants.all().forEach(p -> faults.name(p.url(), p.id()));
        return participants;
    }

    /** The config store, reached through the participants (its replicas). */
    @Bean(destroyMethod = "close")
    ConfigClient configClient(Participants participants, PlatformProperties platform, BankProperties bank,
            OutgoingFaults faults, RestClient.Builder restClients) {
        return ConfigClient.builder().replicas(participants.urls()).token(platform.getClusterToken())
                .requestTimeout(bank.storeTimeout()).httpClientDecorator(faults::wrap).restClient(restClients)
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService participantCalls() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "participant-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ParticipantClient participantClient(PlatformProperties platform, BankProperties bank,
            ExecutorService participantCalls, OutgoingFaults faults, RestClient.Builder restClients,
            MeterRegistry registry, ObservationRegistry observations) {
        DistributionSummary sizes = DistributionSummary.builder("bank.participant.batch.size")
                .description("Branch operations (prepare, commit, abort) carried by one call to a participant")
                .publishPercentiles(0.5, 0.99).register(registry);
        return new ParticipantClient(platform.getClusterToken(), participantCalls, faults, restClients,
                new ParticipantClient.Batching(bank.branchBatchSize(), bank.branchCallsInFlight(), sizes::record,
                        ParticipantClient.Batching.ONE_BY_ONE_FOR, faults::targets), observations);
    }

    @Bean
    Self self(InstanceIdentity identity, BankProperties bank, Environment environment) {
        return new Self(identity.id(), bank.coordinatorUrl(), environment);
    }
}
