package dev.distlab.coordinator.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/** An observation registry that keeps the context of every observation once stopped, for tests of spans. */
public final class RecordedSpans {

    private final ObservationRegistry registry = ObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    public RecordedSpans() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
    }

    public ObservationRegistry registry() {
        return registry;
    }

    /** The stopped observations named {@code name}, in the order they stopped. */
    public List<Observation.Context> stopped(String name) {
        return stopped.stream().filter(c -> c.getName().equals(name)).toList();
    }
}
