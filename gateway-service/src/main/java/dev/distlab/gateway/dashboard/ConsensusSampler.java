package dev.distlab.gateway.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlab.gateway.dashboard.ConsensusHistory.Observed;
import dev.distlab.gateway.dashboard.InstanceReads.Answer;
import dev.distlab.gateway.health.PeriodicRounds;

/**
 * Feeds the consensus history once per interval from the participants' own views, read through
 * {@link ParticipantNodes} (so an open dashboard polling the topology does not double the reads). Quiet: a
 * participant that does not answer is a sample, not a log line; only a failure of the sampling itself is logged, once
 * until it samples again. Its rounds (a bean of their own) stop with the application.
 */
final class ConsensusSampler {

    private static final Logger log = LoggerFactory.getLogger(ConsensusSampler.class);

    private final ParticipantNodes participants;
    private final ConsensusHistory history;
    private final Duration interval;
    private boolean failing;

    ConsensusSampler(ParticipantNodes participants, ConsensusHistory history, Duration interval) {
        this.participants = participants;
        this.history = history;
        this.interval = interval;
    }

    /** Reads the participants (or takes a fresh enough reading) and records it. */
    void sampleNow() {
        SharedReading.Taken<Map<String, Answer>> reading = participants.current();
        history.record(reading.at(), observe(reading.value()));
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

    /**
     * The samples once per interval, from the application's start to its stop (a bean of its own); at a fixed rate,
     * so a slow reading (a participant timing out) does not stretch the interval.
     */
    PeriodicRounds rounds() {
        return PeriodicRounds.atFixedRate("consensus-history", interval, this::sampleQuietly);
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
}
