package dev.distlab.paxos.storage.sim;

/**
 * The simulated machine lost power in the middle of a disk operation. Unchecked so that it passes through the
 * code under test like a real crash would stop it; the test catches it, calls {@link SimulatedFileSystem#crash}
 * and reopens.
 */
public class SimulatedCrash extends RuntimeException {

    public SimulatedCrash(String message) {
        super(message);
    }
}
