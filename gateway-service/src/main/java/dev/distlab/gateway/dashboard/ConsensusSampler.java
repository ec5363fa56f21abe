package dev.distlab.gateway.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.distlab.gateway.dashboard.ConsensusHistory.Observed;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;

/**
 * Feeds the consensus history once per interval from the participants' own views, read through
 * {@link ParticipantNodes} (so an open dashboard polling the topology does not double the reads). Quiet: a
 * participant that does not answer is a sample, not a log line; only a failure of the sampling itself is logged, once
 * until it samples again. Stops with the application.
 */
final class ConsensusSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsensusSampler.class);

    private final ParticipantNodes participants;
    private final ConsensusHistory history;
    private final Duration interval;
    private volatile ScheduledExecutorService scheduler;
    private boolean failing;

    ConsensusSampler(ParticipantNodes participants, ConsensusHistory history, Duration interval) {
        this.participants = participants;
        this.history = history;
        this.interval = interval;
    }

    /** Reads the participants (or takes a fresh enough reading) and records it. */
    void sampleNow() {
        ParticipantNodes.Reading reading = participants.current();
        history.record(reading.at(), observe(reading.nodes()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Observed> observe(Map<String, Answer> nodes) {
        Map<String, Observed> observed = new LinkedHashMap<>();
        nodes.forEach((id, answer) -> {
            if (answer.json() == null) {
                observed.put(id, null);
            } else if (answer.json().get("paxos") instanceof Map<?, ?> paxos) {
                Map<String, Object> p = (Map<String, Object>) paxos;
                observed.put(id, new Observed(p.get("role") == null ? "unknown" : String.valueOf(p.get("role")),
                        p.get("ballot") == null ? null : String.valueOf(p.get("ballot")),
                        p.get("commitIndex") instanceof Number n ? n.longValue() : null));
            } else {
                observed.put(id, new Observed("no config store", null, null));
            }
        });
        return observed;
    }

    private void sampleQuietly() {
        try {
            sampleNow();
            if (failing) {
                log.info("The consensus history samples again");
                failing = false;
            }
        } catch (RuntimeException e) { // caught: an exception would end the schedule for good
            if (!failing) {
                log.warn("The consensus history could not take a sample (logged once until it can again): {}",
                        e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consensus-history");
            thread.setDaemon(true);
            return thread;
        });
        // at a fixed rate: a slow reading (a participant timing out) does not stretch the interval
        executor.scheduleAtFixedRate(this::sampleQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
