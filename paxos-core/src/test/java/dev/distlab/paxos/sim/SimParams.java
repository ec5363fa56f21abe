package dev.distlab.paxos.sim;

import java.util.Random;

/** The shape of one run, all drawn from its seed so a seed alone replays it. */
final class SimParams {
    final int nodes;
    final int clients;
    final int keys;
    final double dropRate;
    final double duplicateRate;
    final int maxDelay;
    final int faultTicks;
    final double faultRate;
    final int snapshotEvery;
    final int kvHistory;
    final boolean readyPerMessage;
    final double opRate;
    final double crashLosesReady;

    /** A calm shape for focused scenarios: no loss, no duplication, no random faults, no snapshots. */
    static SimParams calm(Random r, int nodes) {
        return new SimParams(nodes, 3, 2, 0, 0, 2, 0, 0, 1_000_000, 1000, false, 0.3, 0);
    }

    private SimParams(int nodes, int clients, int keys, double dropRate, double duplicateRate, int maxDelay,
                      int faultTicks, double faultRate, int snapshotEvery, int kvHistory, boolean readyPerMessage,
                      double opRate, double crashLosesReady) {
        this.nodes = nodes;
        this.clients = clients;
        this.keys = keys;
        this.dropRate = dropRate;
        this.duplicateRate = duplicateRate;
        this.maxDelay = maxDelay;
        this.faultTicks = faultTicks;
        this.faultRate = faultRate;
        this.snapshotEvery = snapshotEvery;
        this.kvHistory = kvHistory;
        this.readyPerMessage = readyPerMessage;
        this.opRate = opRate;
        this.crashLosesReady = crashLosesReady;
    }

    SimParams(Random r) {
        nodes = r.nextInt(3) == 0 ? 5 : 3;
        clients = 2 + r.nextInt(4);
        keys = 1 + r.nextInt(3);
        dropRate = pick(r, 0.0, 0.01, 0.05, 0.15);
        duplicateRate = pick(r, 0.0, 0.02, 0.1);
        maxDelay = (int) pick(r, 1, 3, 6);
        faultTicks = 200 + r.nextInt(600);
        faultRate = pick(r, 0.005, 0.02, 0.05);
        snapshotEvery = (int) pick(r, 3, 10, 50, 1_000_000);
        kvHistory = (int) pick(r, 3, 1000);
        readyPerMessage = r.nextBoolean();
        opRate = pick(r, 0.05, 0.3, 0.8);
        crashLosesReady = pick(r, 0.0, 0.5);
    }

    private static double pick(Random r, double... options) {
        return options[r.nextInt(options.length)];
    }

    @Override
    public String toString() {
        return "nodes=" + nodes + " clients=" + clients + " keys=" + keys + " drop=" + dropRate + " dup="
                + duplicateRate + " maxDelay=" + maxDelay + " faultTicks=" + faultTicks + " faultRate=" + faultRate
                + " snapshotEvery=" + snapshotEvery + " kvHistory=" + kvHistory + " readyPerMessage="
                + readyPerMessage + " opRate=" + opRate + " crashLosesReady=" + crashLosesReady;
    }
}
