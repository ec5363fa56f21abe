package dev.distlab.coordinator.txn;

import dev.distlab.coordinator.participant.ParticipantClient.Failure;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;

/**
 * One branch's answer to prepare: YES, NO with the participant's reason, or no vote (reason TIMEOUT or
 * PARTICIPANT_UNAVAILABLE).
 */
record Vote(String participant, String vote, String reason, String state, String detail) {

    static final String YES = "YES";
    static final String NO = "NO";

    static Vote of(String participant, Reply reply) {
        if (reply.is(200)) {
            String vote = reply.text("vote");
            if (YES.equals(vote)) {
                return new Vote(participant, YES, null, "PREPARED", null);
            }
            if (NO.equals(vote)) {
                String reason = reply.text("reason");
                return new Vote(participant, NO, reason == null ? "ABORTED" : reason, "ABORTED", null);
            }
        }
        String reason = reply.failure() == Failure.TIMEOUT ? "TIMEOUT" : "PARTICIPANT_UNAVAILABLE";
        return new Vote(participant, null, reason, null, reply.describe());
    }

    boolean isYes() {
        return YES.equals(vote);
    }

    boolean isNo() {
        return NO.equals(vote);
    }
}
