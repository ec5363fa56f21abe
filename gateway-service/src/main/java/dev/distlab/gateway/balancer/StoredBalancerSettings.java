package dev.distlab.gateway.balancer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.configclient.ConfigClient;
import dev.distlab.configclient.ConfigException;
import dev.distlab.configclient.Entry;
import dev.distlab.configclient.OutcomeUnknownException;
import dev.distlab.configclient.PreconditionFailedException;
import dev.distlab.configclient.StoreUnavailableException;
import dev.distlab.configclient.WatchEvent;
import dev.distlab.configclient.WatchListener;
import dev.distlab.configclient.Watcher;

/**
 * The balancer settings kept in the config store, shared by every gateway replica.
 *
 * <p>Key {@code gateway/balancers/<service>}, value the JSON text of a {@link BalancerSetting}
 * ({@code {"policy":"weighted","weights":{"participant-1":5}}}): the complete setting, not a change.
 *
 * <ul>
 * <li><b>Writes</b> ({@link #update}) need the cluster token at the store ({@code gateway/} is a reserved prefix,
 * see {@link dev.distlab.configclient.ConfigKeys#RESERVED_PREFIXES}), which the gateway's client sends. They
 * read the stored setting (linearizable), apply the update to it, and write it back conditionally on the modRevision read ({@code If-Match}, or {@code If-None-Match: *} when absent), so
 * two gateways changing different weights at once lose neither change; a lost race is retried from a fresh
 * read. Only once the write is committed is it applied here. When the store cannot take it the answer is 503 and
 * nothing is applied here; if the write's outcome is unknown and it did land, the watch applies it everywhere.
 * <li><b>Reads</b>: a {@link Watcher} on {@code gateway/balancers/} loads every setting at start (and after any
 * interruption), then applies each change as it is committed — within a second on every gateway. A missing key
 * means the defaults; a value that is not a valid setting is logged and ignored (the previous setting stays).
 * Each service keeps the store revision it applied last, so an older setting never replaces a newer one.
 * </ul>
 */
public class StoredBalancerSettings implements WatchListener, AutoCloseable {

    public static final String PREFIX = "gateway/balancers/";
    private static final int WRITE_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(StoredBalancerSettings.class);

    private final ConfigClient client;
    private final BalancerRegistry registry;
    private final Watcher watcher;
    private volatile long syncedRevision = -1;

    /** {@code client} null means no replica is known: every write is refused with 503. */
    public StoredBalancerSettings(ConfigClient client, BalancerRegistry registry, Watcher.Settings watch) {
        this.client = client;
        this.registry = registry;
        this.watcher = client == null ? null : client.watcher(PREFIX, this, watch);
    }

    public static String key(String service) {
        return PREFIX + service;
    }

    /**
     * Starts following the store and waits up to {@code wait} for the stored settings; if they do not come in
     * time the gateway serves with the defaults and the watcher keeps trying in the background.
     */
    public void start(Duration wait) {
        if (watcher == null) {
            log.warn("Balancer settings: no config store replica is configured, so the defaults apply and changes "
                    + "are refused; set gateway.balancer.store.replicas or the instances of the store's service");
            return;
        }
        watcher.start();
        boolean loaded;
        try {
            loaded = watcher.awaitFirstReset(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loaded = false;
        }
        if (!loaded) {
            log.warn("Balancer settings: the config store at {} did not answer within {} ms; starting with the "
                    + "default settings and loading the stored ones in the background as soon as it answers",
                    client.replicas(), wait.toMillis());
        }
    }

    /** The store revision this gateway has applied up to; -1 before the settings were first loaded. */
    public long syncedRevision() {
        return syncedRevision;
    }

    /**
     * Stores the service's setting changed by {@code update} and, once stored, applies it here. The caller has
     * validated the update.
     *
     * @throws ProblemException 503 when the store cannot take the write (nothing applied here), 409 when other
     *         writers kept changing the setting
     */
    public BalancerSetting update(String service, BalancerUpdate update) {
        if (client == null) {
            throw unavailable("no config store replica is configured; the setting was not changed");
        }
        String key = key(service);
        try {
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                Optional<Entry> current = client.get(key);
                BalancerSetting base = current.map(e -> parseOr(e, service)).orElseGet(registry::defaultSetting);
                BalancerSetting next = base.with(update);
                try {
                    Entry written = current.isPresent()
                            ? client.putIfMatch(key, next.toJson(), current.get().modRevision())
                            : client.putIfAbsent(key, next.toJson());
                    registry.applyStored(service, next, written.modRevision());
                    log.info("Balancer setting of {} stored at revision {} and applied: {}", service,
                            written.modRevision(), next.toJson());
                    return next;
                } catch (PreconditionFailedException e) {
                    log.info("Balancer setting of {} changed by someone else while updating it; reading it again",
                            service);
                }
            }
        } catch (OutcomeUnknownException e) {
            log.warn("Balancer setting of {}: the config store write's outcome is unknown: {}", service,
                    e.getMessage());
            throw unavailable("the config store did not confirm the write, so it may or may not have been "
                    + "stored; it is not applied here now, but if it was stored every gateway applies it within "
                    + "a second. Read the setting again before retrying");
        } catch (StoreUnavailableException e) {
            log.warn("Balancer setting of {}: the config store cannot be reached: {}", service, e.getMessage());
            throw unavailable("the config store cannot be reached or has no majority right now; the setting "
                    + "was not changed");
        } catch (ConfigException e) {
            if (e.status() == 403) {
                // gateway/ is reserved to the cluster token: a 403 means this gateway's token is not the store's
                log.error("Balancer setting of {}: the config store refused this gateway's cluster token ({}); "
                        + "platform.cluster-token must be the same on every gateway and participant", service,
                        e.getMessage());
                throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "Cannot change the balancer setting: "
                        + "the config store refused this gateway's cluster token, so the setting was not changed; "
                        + "the gateways' and participants' cluster tokens must be the same");
            }
            log.warn("Balancer setting of {}: the config store refused the write: {}", service, e.getMessage());
            throw unavailable("the config store did not accept the write (status " + e.status() + "); the "
                    + "setting was not changed");
        }
        throw new ProblemException(HttpStatus.CONFLICT, "The balancer setting of " + service + " was changed "
                + "by others " + WRITE_ATTEMPTS + " times while this update was being stored; nothing was changed "
                + "by it, try again");
    }

    private BalancerSetting parseOr(Entry entry, String service) {
        try {
            return BalancerSetting.fromJson(entry.value());
        } catch (IllegalArgumentException e) {
            log.warn("Balancer setting of {} in the config store (key {}, revision {}) is not valid ({}); the "
                    + "update replaces it", service, entry.key(), entry.modRevision(), e.getMessage());
            return registry.find(service).orElseThrow().setting();
        }
    }

    private static ProblemException unavailable(String detail) {
        ProblemException problem = new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                "Cannot change the balancer setting: " + detail);
        problem.getHeaders().set("Retry-After", "1");
        return problem;
    }

    // ---- the watch ---------------------------------------------------------------------------------------------

    @Override
    public void reset(long revision, List<Entry> entries) {
        Map<String, Entry> byKey = entries.stream().collect(Collectors.toMap(Entry::key, Function.identity()));
        for (String service : registry.services()) {
            Entry entry = byKey.get(key(service));
            if (entry == null) {
                registry.applyStored(service, registry.defaultSetting(), revision);
            } else {
                applyStoredValue(service, entry.value(), entry.modRevision());
            }
        }
        syncedRevision = revision;
        log.info("Balancer settings loaded from the config store at revision {}: {}", revision,
                registry.services().stream().map(s -> s + " " + registry.find(s).orElseThrow().setting().toJson())
                        .collect(Collectors.joining(", ")));
    }

    @Override
    public void event(WatchEvent event) {
        String service = event.key().substring(PREFIX.length());
        if (registry.find(service).isEmpty()) {
            log.debug("Config store key {} names no service this gateway balances; ignored", event.key());
        } else if (event.type() == WatchEvent.Type.DELETE) {
            if (registry.applyStored(service, registry.defaultSetting(), event.modRevision())) {
                log.info("Balancer setting of {} was deleted from the config store (revision {}); back to the "
                        + "defaults", service, event.modRevision());
            }
        } else {
            applyStoredValue(service, event.value(), event.modRevision());
        }
        syncedRevision = Math.max(syncedRevision, event.modRevision());
    }

    private void applyStoredValue(String service, String value, long modRevision) {
        BalancerSetting setting;
        try {
            setting = BalancerSetting.fromJson(value);
        } catch (IllegalArgumentException e) {
            log.warn("Balancer setting of {} in the config store (revision {}) is not valid and is ignored, the "
                    + "previous setting stays: {}", service, modRevision, e.getMessage());
            return;
        }
        BalancerSetting before = registry.find(service).orElseThrow().setting();
        if (registry.applyStored(service, setting, modRevision) && !before.equals(setting)) {
            log.info("Balancer setting of {} changed in the config store (revision {}), applied: {}", service,
                    modRevision, setting.toJson());
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
