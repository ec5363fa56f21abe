package dev.distlab.paxos.sim;

import java.util.Random;

/** The shape of one run of {@link NodeSimulation}, all drawn from its seed so that the seed alone replays it. */
final class NodeSimParams {

    static final long MS = 1_000_000L;

    final int nodes;
    final int clients;
    final int keys;
    final double dropRate;
    final double duplicateRate;
    final long maxDelayNanos;
    final long faultNanos;
    final double faultRate;
    final int snapshotEvery;
    final long compactAboveBytes;
    final int kvHistory;
    final double opRate;
    final double diskFaultRate;
    final long tickNanos = 10 * MS;
    final long requestTimeoutNanos = 600 * MS;
    final long rpcTimeoutNanos = 300 * MS;
    final long clientTimeoutNanos = 1_000 * MS;

    NodeSimParams(Random r) {
        nodes = r.nextInt(3) == 0 ? 5 : 3;
        clients = 2 + r.nextInt(4);
        keys = 1 + r.nextInt(3);
        dropRate = pick(r, 0.0, 0.01, 0.05, 0.15);
        duplicateRate = pick(r, 0.0, 0.02, 0.1);
        maxDelayNanos = (long) pick(r, 2, 10, 30) * MS;
        faultNanos = (2_000 + r.nextInt(4_000)) * MS;
        faultRate = pick(r, 0.005, 0.02, 0.05);
        snapshotEvery = (int) pick(r, 3, 10, 50, 1_000_000);
        compactAboveBytes = (long) pick(r, 512, 8_192, 1 << 20);
        kvHistory = (int) pick(r, 3, 1000);
        opRate = pick(r, 0.05, 0.3, 0.8);
        diskFaultRate = pick(r, 0.0, 0.3, 0.6);
    }

    /** How long a crashed process stays down before its supervisor restarts it. */
    long restartDelayNanos(Random r) {
        return (50 + r.nextInt(1_500)) * MS;
    }

    /** A client's pause before trying again after a refusal. */
    long backoffNanos(Random r) {
        return (1 + r.nextInt(50)) * MS;
    }

    private static double pick(Random r, double... options) {
        return options[r.nextInt(options.length)];
    }

    @Override
    public String toString() {
        return "nodes=" + nodes + " clients=" + clients + " keys=" + keys + " drop=" + dropRate + " dup="
                + duplicateRate + " maxDelayMs=" + maxDelayNanos / MS + " faultMs=" + faultNanos / MS + " faultRate="
                + faultRate + " snapshotEvery=" + snapshotEvery + " compactAbove=" + compactAboveBytes
                + " kvHistory=" + kvHistory + " opRate=" + opRate + " diskFaultRate=" + diskFaultRate;
    }
}
