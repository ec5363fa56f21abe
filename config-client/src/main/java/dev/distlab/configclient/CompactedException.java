package dev.distlab.configclient;

/**
 * 410 from a watch: the history after the requested revision is no longer kept (it is kept from
 * {@link #compactRevision()} on). Read the current state with a list and watch from its revision.
 */
public class CompactedException extends ConfigException {

    private final long compactRevision;

    public CompactedException(long compactRevision, String message) {
        super(410, message);
        this.compactRevision = compactRevision;
    }

    public long compactRevision() {
        return compactRevision;
    }
}
