package dev.distlab.gateway.health;

/** Told when an instance leaves or rejoins the rotation, with a sentence saying why. */
@FunctionalInterface
public interface HealthListener {

    void changed(Upstream upstream, boolean available, String message);

    HealthListener NONE = (upstream, available, message) -> {
    };
}
