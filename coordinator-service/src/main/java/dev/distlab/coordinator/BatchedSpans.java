package dev.distlab.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Spans for the items that ride in another's call. A batch call is a span of the trace of its first item only; every
 * other item gets a span of its own trace, from the call's start to its answer, so that each transaction's trace
 * shows the call that served it whether or not it was batched.
 */
public final class BatchedSpans {

    private BatchedSpans() {
    }

    /**
     * Starts a span for every item of {@code batch} but the first, in that item's trace ({@code context}), as
     * {@code span} describes it (not yet started); stop them once the call is answered. None while observation is off.
     */
    public static <T> List<Observation> start(ObservationRegistry observations, List<T> batch,
            Function<T, ContextSnapshot> context, Function<T, Observation> span) {
        if (observations.isNoop() || batch.size() < 2) {
            return List.of();
        }
        List<Observation> spans = new ArrayList<>(batch.size() - 1);
        for (T item : batch.subList(1, batch.size())) {
            try (ContextSnapshot.Scope scope = context.apply(item).setThreadLocals()) {
                spans.add(span.apply(item).start());
            }
        }
        return spans;
    }
}
