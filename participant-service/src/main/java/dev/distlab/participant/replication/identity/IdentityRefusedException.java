package dev.distlab.participant.replication.identity;

/**
 * Thrown at startup when this replica must not take part: its data directory belongs to another cluster or
 * member, or it was lost and the replica has not been re-added. It fails the application context, so the
 * process exits non-zero with this message.
 */
public class IdentityRefusedException extends IllegalStateException {

    public IdentityRefusedException(String message) {
        super(message);
    }

    public IdentityRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
