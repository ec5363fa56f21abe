package dev.distlab.coordinator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
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
import dev.distlab.common.http.ServiceCalls;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.coordinator.decision.DecisionWrites;
import dev.distlab.coordinator.participant.ParticipantClient;
import dev.distlab.coordinator.participant.Participants;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The coordinator's connections: the participants, the config store they replicate, and who this coordinator is.
 * Both clients call through {@link ServiceCalls} (on the calling thread, with the outgoing faults) from Spring's
 * {@code RestClient.Builder}, so that their calls are spans of the transaction's trace.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BankProperties.class)
class CoordinatorConfiguration {

    /** As long as the config client's own default: a replica that cannot be reached in a second is tried next. */
    private static final Duration STORE_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** The participants, also named to the fault hook so that a fault can target one by its id. */
    @Bean
    Participants participants(BankProperties bank, OutgoingFaults faults) {
        Participants participants = Participants.parse(bank.participants());
        participants.all().forEach(p -> faults.name(p.url(), p.id()));
        return participants;
    }

    /**
     * The config store, reached through the participants (its replicas), with the calls between services
     * ({@link ServiceCalls}): a decision and an idempotency record per transfer go there.
     */
    @Bean(destroyMethod = "close")
    ConfigClient configClient(Participants participants, PlatformProperties platform, BankProperties bank,
            OutgoingFaults faults, RestClient.Builder restClients) {
        return storeClient(participants.urls(), platform.getClusterToken(), bank.storeTimeout(), faults, restClients);
    }

    /** A client of the config store at {@code replicas} whose requests give up after {@code timeout}. */
    static ConfigClient storeClient(List<URI> replicas, String token, Duration timeout, OutgoingFaults faults,
            RestClient.Builder restClients) {
        ServiceCalls calls = new ServiceCalls(restClients, faults, STORE_CONNECT_TIMEOUT);
        return ConfigClient.builder().replicas(replicas).token(token).requestTimeout(timeout)
                .restClients(calls::within, ServiceCalls::cause).build();
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService participantCalls() {
        return daemonThreads("participant-call-");
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

    @Bean(destroyMethod = "shutdown")
    ExecutorService decisionCalls() {
        return daemonThreads("decision-write-");
    }

    /** Threads as they are needed, named {@code name<n>}; daemons, so that none keeps the process from ending. */
    private static ExecutorService daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The decisions' writes to the store, batched (at most decision-calls-in-flight calls at once, so at most as many
     * threads of {@code decisionCalls}). A caller waits for its answer at most three store timeouts: one for its
     * turn, one for its call, one for the connections its call may try first.
     */
    @Bean
    DecisionWrites decisionWrites(ConfigClient store, BankProperties bank, ExecutorService decisionCalls,
            OutgoingFaults faults, MeterRegistry registry, ObservationRegistry observations) {
        DistributionSummary sizes = DistributionSummary.builder("bank.decision.batch.size")
                .description("Decisions carried by one call to the config store").publishPercentiles(0.5, 0.99)
                .register(registry);
        return new DecisionWrites(store, new DecisionWrites.Batching(bank.decisionBatchSize(),
                bank.decisionCallsInFlight(), sizes::record, DecisionWrites.Batching.ONE_BY_ONE_FOR,
                key -> store.replicas().stream().anyMatch(replica -> faults.targets(replica, () -> "/api/config/"
                        + key))), decisionCalls, bank.storeTimeout().multipliedBy(3), observations);
    }

    @Bean
    Self self(InstanceIdentity identity, BankProperties bank, Environment environment) {
        return new Self(identity.id(), bank.coordinatorUrl(), environment);
    }
}
