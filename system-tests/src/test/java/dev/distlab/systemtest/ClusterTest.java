package dev.distlab.systemtest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of the end-to-end tests: they share one cluster, started on first use. */
abstract class ClusterTest {

    static LocalCluster cluster;
    static Balancers balancers;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.shared();
        cluster.restoreDefaults();
        balancers = new Balancers(cluster);
    }

    @BeforeEach
    void healCluster() {
        cluster.heal();
    }
}
