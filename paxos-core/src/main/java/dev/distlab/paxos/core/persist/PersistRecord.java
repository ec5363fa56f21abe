package dev.distlab.paxos.core.persist;

/**
 * Something the replica needs to survive a crash. Records of one {@code Ready} must be made durable in the
 * given order before that Ready's messages are sent; a crash that keeps only a prefix of them is safe.
 */
public abstract class PersistRecord {
    PersistRecord() {
    }
}
