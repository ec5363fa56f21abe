package dev.distlab.coordinator.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    private final ConfigurableApplicationContext context;
    private final Api api;

    private Coordinator(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api(url(), TOKEN);
    }

    /** Settings every test coordinator gets; a test adds or overrides with {@code extra} ("name=value"). */
    public static Coordinator start(Path dataDir, FakeCluster cluster, String... extra) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", "0");
        props.put("platform.instance-id", "coordinator-test");
        props.put("platform.cluster-token", TOKEN);
        props.put("platform.data-dir", dataDir.toString());
        props.put("platform.bank.participants", cluster.participantsSpec());
        props.put("platform.bank.vote-timeout", "1s");
        props.put("platform.bank.in-doubt-timeout", "1s");
        props.put("platform.bank.recovery-interval", "1h");
        props.put("platform.bank.retry-initial-backoff", "20ms");
        props.put("platform.bank.retry-max-backoff", "200ms");
        props.put("platform.bank.idempotency-wait", "3s");
        props.put("platform.bank.participant-timeout", "2s");
        props.put("platform.bank.store-timeout", "2s");
        props.put("platform.bank.peer-timeout", "1s");
        props.put("spring.main.banner-mode", "off");
        props.put("logging.level.org.hibernate", "warn");
        props.put("logging.level.com.zaxxer", "warn");
        for (String e : extra) {
            int eq = e.indexOf('=');
            props.put(e.substring(0, eq), e.substring(eq + 1));
        }
        // arguments, so they take precedence over application.yml
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CoordinatorApplication.class,
                TestCrashPoints.class).run(args);
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

    public CrashPoints crashPoints() {
        return context.getBean(CrashPoints.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
