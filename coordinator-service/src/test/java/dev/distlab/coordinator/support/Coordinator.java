package dev.distlab.coordinator.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.coordinator.CoordinatorApplication;

/**
 * One coordinator process for a test: a Spring context on a random port, with its data dir, the fake
 * participants, short timeouts, and {@link TestCrashPoints}. Closing and starting another on the same data dir is
 * a restart.
 */
public final class Coordinator implements AutoCloseable {

    public static final String TOKEN = "test-token";

    /** Short timeouts, so failures show in a test's time; recovery runs at start only, unless a test asks. */
    private static final String[] DEFAULTS = {
        "server.port=0", "platform.instance-id=coordinator-test", "platform.cluster-token=" + TOKEN,
        "platform.bank.vote-timeout=1s", "platform.bank.in-doubt-timeout=1s", "platform.bank.recovery-interval=1h",
        "platform.bank.retry-initial-backoff=20ms", "platform.bank.retry-max-backoff=200ms",
        "platform.bank.idempotency-wait=3s", "platform.bank.participant-timeout=2s", "platform.bank.store-timeout=2s",
        "platform.bank.peer-timeout=1s", "spring.main.banner-mode=off", "logging.level.org.hibernate=warn",
        "logging.level.com.zaxxer=warn" };

    private final ConfigurableApplicationContext context;
    private final Api api;

    private Coordinator(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api(url(), TOKEN);
    }

    /** Settings every test coordinator gets; a test adds or overrides with {@code extra} ("name=value"). */
    public static Coordinator start(Path dataDir, FakeCluster cluster, String... extra) {
        return start(dataDir, cluster, List.of(), extra);
    }

    /** As {@link #start(Path, FakeCluster, String...)}, with more configuration classes (e.g. {@link Spies}). */
    public static Coordinator start(Path dataDir, FakeCluster cluster, List<Class<?>> configurations,
            String... extra) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String setting : DEFAULTS) {
            int eq = setting.indexOf('=');
            props.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        props.put("platform.data-dir", dataDir.toString());
        props.put("platform.bank.participants", cluster.participantsSpec());
        for (String e : extra) {
            int eq = e.indexOf('=');
            props.put(e.substring(0, eq), e.substring(eq + 1));
        }
        // arguments, so they take precedence over application.yml
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        List<Class<?>> sources = new ArrayList<>(List.of(CoordinatorApplication.class, TestCrashPoints.class));
        sources.addAll(configurations);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .run(args);
        return new Coordinator(context);
    }

    public String url() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public Api api() {
        return api;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Every bean of the type, e.g. all {@code Periodic} background work. */
    public <T> Collection<T> beans(Class<T> type) {
        return context.getBeansOfType(type).values();
    }

    public CrashPoints crashPoints() {
        return context.getBean(CrashPoints.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
