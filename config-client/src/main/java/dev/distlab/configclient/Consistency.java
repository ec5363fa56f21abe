package dev.distlab.configclient;

/** How a read is served: through a quorum round (the default) or from whichever replica answers. */
public enum Consistency {
    /** Sees every write that completed before the read started. */
    LINEARIZABLE,
    /** Answered from one replica's local state; may miss recent writes. */
    STALE
}
