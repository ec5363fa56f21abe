package dev.distlab.verify.run;

import java.io.PrintStream;
import java.util.function.Supplier;

import dev.distlab.verify.history.Recorder;

/** One line every few seconds while the load runs: elapsed time, ops by outcome, the fault in effect. */
final class Progress implements Runnable {

    static final long EVERY_MS = 5_000;

    private final Recorder recorder;
    private final Supplier<String> fault;
    private final PrintStream out;
    private volatile boolean stopped;

    Progress(Recorder recorder, Supplier<String> fault, PrintStream out) {
        this.recorder = recorder;
        this.fault = fault;
        this.out = out;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            if (!stopped) {
                out.println(line(recorder.now(), recorder.counts(), fault.get()));
            }
        }
    }

    static String line(long nanos, Recorder.Counts counts, String fault) {
        return String.format("[%4ds] ops ok %d, fail %d, info %d | fault: %s", nanos / 1_000_000_000, counts.ok(),
                counts.fail(), counts.info(), fault);
    }
}
