package dev.distlab.gateway.dashboard;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;

/**
 * {@code GET /api/gateway/consensus?since=T}: the consensus history the gateway keeps, so that a dashboard opened now
 * shows the last minutes at once; with {@code since} (an instant from an earlier answer) only what came after it,
 * so that a dashboard refreshing every second does not fetch the whole history each time.
 */
@RestController
class ConsensusController {

    private final ConsensusHistory history;

    ConsensusController(ConsensusHistory history) {
        this.history = history;
    }

    @GetMapping("/api/gateway/consensus")
    ConsensusHistory.View consensus(@RequestParam(required = false) String since) {
        return history.since(since == null ? null : parse(since));
    }

    private static Instant parse(String since) {
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("since", "must be an instant such as 2026-01-02T03:04:05.678Z");
        }
    }
}
