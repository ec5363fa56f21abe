package dev.distlab.verify.workload;

import static dev.distlab.verify.workload.BankWorkload.describe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import dev.distlab.check.history.Op;
import dev.distlab.verify.cluster.Http;

/**
 * Per-key registers on the config store, keys {@code verify/register/<run>/k0..k9}: reads, writes of values
 * unique per key, and compare-and-set built from a read and a conditional PUT (If-Match on the read's
 * modRevision; with unique values that is a value compare-and-set). Once every fault has healed, each key is
 * read once more ({@code final-read}, retried until the store answers): a write the store acknowledged and
 * then lost shows there even when the load stopped before anyone read the key again.
 */
public final class RegisterWorkload extends Workload {

    static final int KEYS = 10;
    /** How long the final reads of all keys together may wait for the store to answer after the faults healed. */
    static final long FINAL_MS = 60_000;

    private final AtomicLong[] nextValue = new AtomicLong[KEYS];

    /** What a successful read saw: the value (null if absent) and the entry's modRevision (0 if absent). */
    record Read(Long value, long modRevision) {
    }

    public RegisterWorkload(WorkloadContext context) {
        super(context);
        Arrays.setAll(nextValue, i -> new AtomicLong(1));
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public void setup() {
        // the keys start absent: nothing to create
    }

    String key(int n) {
        return "verify/register/" + context.runId() + "/k" + n;
    }

    @Override
    public List<Runnable> clients(Deadline deadline) {
        List<Runnable> clients = new ArrayList<>();
        for (int i = 0; i < context.concurrency(); i++) {
            int process = newProcess();
            Random random = context.random(name(), i);
            clients.add(() -> {
                while (deadline.running()) {
                    int k = random.nextInt(KEYS);
                    int choice = random.nextInt(100);
                    if (choice < 40) {
                        read(process, key(k));
                    } else if (choice < 80) {
                        write(process, key(k), nextValue[k].getAndIncrement());
                    } else {
                        cas(process, k);
                    }
                    backOffIfUnavailable();
                }
            });
        }
        return clients;
    }

    /** A read: ok with the value, or fail when there is no definite answer (a read changes nothing). */
    Read read(int process, String key) {
        Op invoke = context.recorder().invoke(process, "read", Arrays.asList(key, null));
        try {
            Http.Response response = context.http().get(context.gateway() + "/api/config/" + key);
            Read read = parse(response);
            if (read != null) {
                context.recorder().ok(invoke, Arrays.asList(key, read.value()), response.instance());
                return read;
            }
            context.recorder().fail(invoke, invoke.value(), response.instance(), "HTTP " + response.status());
        } catch (IOException e) {
            context.recorder().fail(invoke, invoke.value(), null, describe(e));
        } catch (NumberFormatException e) {
            // a value this run never wrote: record it as read so the checker flags it
            context.recorder().fail(invoke, invoke.value(), null, "unreadable value: " + e.getMessage());
        }
        return null;
    }

    /**
     * What a GET of a key says: its value and modRevision (200), absent (404), or null for no definite answer.
     * NumberFormatException for a value this run never wrote.
     */
    private static Read parse(Http.Response response) {
        if (response.status() == 404) {
            return new Read(null, 0);
        }
        if (response.status() != 200) {
            return null;
        }
        var json = response.json();
        return new Read(Long.valueOf(json.path("value").asString()), json.path("modRevision").asLong());
    }

    void write(int process, String key, long value) {
        Op invoke = context.recorder().invoke(process, "write", List.of(key, value));
        put(invoke, key, value, Map.of());
    }

    /** Reads the key (its own op), then swaps the value it saw for a new one if nobody wrote in between. */
    void cas(int process, int k) {
        Read seen = read(process, key(k));
        if (seen == null || seen.value() == null) {
            return; // nothing to compare with: If-Match needs an existing entry
        }
        long next = nextValue[k].getAndIncrement();
        Op invoke = context.recorder().invoke(process, "cas", List.of(key(k), List.of(seen.value(), next)));
        put(invoke, key(k), next, Map.of("If-Match", "\"" + seen.modRevision() + "\""));
    }

    /**
     * 200/201 took effect; 412, other 4xx, 507 and the gateway's own 503 (never sent) did not; anything else
     * (a participant's 503, the gateway's 502 or 504, a timeout) is unknown.
     */
    private void put(Op invoke, String key, long value, Map<String, String> headers) {
        try {
            Http.Response response = context.http().send("PUT", context.gateway() + "/api/config/" + key,
                    Http.json(Map.of("value", Long.toString(value))), headers);
            int status = response.status();
            if (status == 200 || status == 201) {
                context.recorder().ok(invoke, invoke.value(), response.instance());
            } else if ((status >= 400 && status < 500) || status == 507 || response.notSent()) { // 507: over quota
                context.recorder().fail(invoke, invoke.value(), response.instance(), "HTTP " + status);
            } else {
                context.recorder().info(invoke, invoke.value(), response.instance(), "HTTP " + status);
            }
        } catch (IOException e) {
            context.recorder().info(invoke, invoke.value(), null, describe(e));
        }
    }

    /** Reads every key until the store answers, all keys within {@link #FINAL_MS}; a key never read fails. */
    @Override
    public void finish() {
        int process = newProcess();
        long until = System.nanoTime() + FINAL_MS * 1_000_000;
        for (int k = 0; k < KEYS; k++) {
            finalRead(process, key(k), until);
        }
    }

    private void finalRead(int process, String key, long untilNanos) {
        Op invoke = context.recorder().invoke(process, "final-read", Arrays.asList(key, null));
        String last = "no attempt";
        do {
            try {
                Http.Response response = context.http().get(context.gateway() + "/api/config/" + key);
                Read read = parse(response);
                if (read != null) {
                    context.recorder().ok(invoke, Arrays.asList(key, read.value()), response.instance());
                    return;
                }
                last = "HTTP " + response.status();
            } catch (IOException e) {
                last = describe(e);
            } catch (NumberFormatException e) {
                // a value this run never wrote: as in read(), a failure the checker reports
                context.recorder().fail(invoke, invoke.value(), null, "unreadable value: " + e.getMessage());
                return;
            }
            pause(500);
        } while (System.nanoTime() < untilNanos && !Thread.currentThread().isInterrupted());
        context.recorder().fail(invoke, invoke.value(), null, "no answer within " + FINAL_MS / 1000
                + " s after the faults healed; last: " + last);
    }
}
