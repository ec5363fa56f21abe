package dev.distlab.participant.replication.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused identity as the last lines of the log, in words ("APPLICATION FAILED TO START" and what to
 * do), instead of a stack trace whose cause an operator would have to dig out.
 */
class IdentityRefusedFailureAnalyzer extends AbstractFailureAnalyzer<IdentityRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, IdentityRefusedException cause) {
        return new FailureAnalysis(cause.getMessage(), "This replica refuses to take part in the config store "
                + "with this data directory; see the description.", cause);
    }
}
