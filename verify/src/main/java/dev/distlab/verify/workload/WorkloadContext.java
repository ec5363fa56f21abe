package dev.distlab.verify.workload;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import dev.distlab.verify.cluster.Http;
import dev.distlab.verify.cluster.Topology;
import dev.distlab.verify.history.Recorder;

/**
 * What every workload shares: the client, the recorder, the cluster, the token, this run's id (which names
 * its accounts and keys, so runs never see each other's data) and the seed all choices come from.
 */
public record WorkloadContext(Http http, Recorder recorder, Topology topology, String token, String runId,
        long seed, int concurrency, AtomicInteger processIds) {

    public String gateway() {
        return topology.gatewayUrl();
    }

    public int nextProcess() {
        return processIds.getAndIncrement();
    }

    /**
     * The random source of one client process of one workload: the same seed gives every process the same
     * sequence of choices in every run, independent of the other workloads chosen.
     */
    public Random random(String workload, int index) {
        return new Random(seed * 31 + (long) workload.hashCode() * 1_000_003L + index);
    }
}
