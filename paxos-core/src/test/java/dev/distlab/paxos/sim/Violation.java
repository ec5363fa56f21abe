package dev.distlab.paxos.sim;

/** Thrown by checkers inside a run; the simulation wraps it with the seed. */
final class Violation extends RuntimeException {
    Violation(String message) {
        super(message);
    }
}
