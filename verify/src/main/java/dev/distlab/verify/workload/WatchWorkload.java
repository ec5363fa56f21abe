package dev.distlab.verify.workload;

import static dev.distlab.verify.workload.BankWorkload.describe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;
import tools.jackson.databind.JsonNode;

/**
 * Watches on the prefix {@code verify/watch/<run>/}: writers put unique values while one or two watcher
 * processes long-poll {@code /api/watch} with short timeouts from the revision they read before the writers
 * began. After the faults heal, each watcher drains up to the store's revision as it stands then.
 */
public final class WatchWorkload extends Workload {

    private static final int KEYS = 5;
    private static final int POLL_SECONDS = 2;
    private static final long DRAIN_MS = 30_000;

    /** A watcher process and the revision it continues after. */
    private static final class Watcher {
        final int process;
        long after;

        Watcher(int process, long after) {
            this.process = process;
            this.after = after;
        }
    }

    private final List<Watcher> watchers = new ArrayList<>();
    private final AtomicLong nextValue = new AtomicLong(1);

    public WatchWorkload(WorkloadContext context) {
        super(context);
    }

    @Override
    public String name() {
        return "watch";
    }

    String prefix() {
        return "verify/watch/" + context.runId() + "/";
    }

    @Override
    public void setup() throws IOException {
        long start = currentRevision();
        int count = 1 + context.random(name(), -1).nextInt(2);
        for (int i = 0; i < count; i++) {
            watchers.add(new Watcher(newProcess(), start));
        }
    }

    /** The store's revision, from a (linearizable) prefix listing. */
    private long currentRevision() throws IOException {
        Http.Response response = context.http().get(context.gateway() + "/api/config?prefix=" + prefix());
        if (response.status() != 200) {
            throw new IOException("listing " + prefix() + " got " + response.status());
        }
        return response.json().path("revision").asLong();
    }

    @Override
    public List<Runnable> clients(Deadline deadline) {
        List<Runnable> clients = new ArrayList<>();
        for (Watcher watcher : watchers) {
            clients.add(() -> {
                while (deadline.running()) {
                    watch(watcher);
                }
            });
        }
        for (int i = 0; i < context.concurrency(); i++) {
            int process = newProcess();
            Random random = context.random(name(), i);
            clients.add(() -> {
                while (deadline.running()) {
                    write(process, prefix() + "w" + random.nextInt(KEYS));
                    pause(random.nextInt(50));
                }
            });
        }
        return clients;
    }

    private void write(int process, String key) {
        String value = Long.toString(nextValue.getAndIncrement());
        Map<String, Object> asked = new LinkedHashMap<>();
        asked.put("key", key);
        asked.put("value", value);
        Op invoke = context.recorder().invoke(process, "write", asked);
        try {
            Http.Response response = context.http().send("PUT", context.gateway() + "/api/config/" + key,
                    Http.json(Map.of("value", value)), Map.of());
            int status = response.status();
            if (status == 200 || status == 201) {
                Map<String, Object> done = new LinkedHashMap<>(asked);
                done.put("revision", response.json().path("modRevision").asLong());
                context.recorder().ok(invoke, done, response.instance());
            } else if ((status >= 400 && status < 500) || status == 507) {
                context.recorder().fail(invoke, asked, response.instance(), "HTTP " + status);
            } else {
                context.recorder().info(invoke, asked, response.instance(), "HTTP " + status);
            }
        } catch (IOException e) {
            context.recorder().info(invoke, asked, null, describe(e));
        }
    }

    /** One long poll; moves the watcher on to the answer's revision (a 410 moves it past the compacted part). */
    private void watch(Watcher watcher) {
        long after = watcher.after;
        Op invoke = context.recorder().invoke(watcher.process, "watch", Map.of("afterRevision", after));
        try {
            Http.Response response = context.http().get(context.gateway() + "/api/watch?prefix=" + prefix()
                    + "&afterRevision=" + after + "&timeout=" + POLL_SECONDS);
            JsonNode json = BankWorkload.safeJson(response);
            if (response.status() == 200) {
                List<Object> events = new ArrayList<>();
                for (JsonNode event : json.path("events")) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("type", event.path("type").asString());
                    e.put("key", event.path("key").asString());
                    e.put("value", event.path("value").asString(null));
                    e.put("revision", event.path("modRevision").asLong());
                    events.add(e);
                }
                long revision = json.path("revision").asLong(after);
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("afterRevision", after);
                value.put("revision", revision);
                value.put("events", events);
                context.recorder().ok(invoke, value, response.instance());
                watcher.after = Math.max(after, revision);
                return;
            }
            if (response.status() == 410) {
                long compact = json.path("compactRevision").asLong();
                context.recorder().fail(invoke, Map.of("afterRevision", after, "compactRevision", compact),
                        response.instance(), "compacted");
                watcher.after = Math.max(after, compact);
                return;
            }
            context.recorder().fail(invoke, invoke.value(), response.instance(), "HTTP " + response.status());
        } catch (IOException e) {
            context.recorder().fail(invoke, invoke.value(), null, describe(e));
        }
        pause(200); // no answer: do not spin against an instance that is down
    }

    @Override
    public void finish() {
        long until = System.nanoTime() + DRAIN_MS * 1_000_000;
        long target = -1;
        while (target < 0 && System.nanoTime() < until) {
            try {
                target = currentRevision();
            } catch (IOException e) {
                pause(500);
            }
        }
        for (Watcher watcher : watchers) {
            while (watcher.after < target && System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                watch(watcher);
            }
        }
    }
}
