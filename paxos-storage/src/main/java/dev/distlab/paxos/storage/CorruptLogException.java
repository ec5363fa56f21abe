package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log holds damage that a crash cannot explain (a bad record with intact records after it). The replica
 * must not start on it: its promises and acknowledged accepts may be lost.
 */
public class CorruptLogException extends IOException {

    public CorruptLogException(Path file, long offset, String problem) {
        super("Write-ahead log " + file + " is corrupt at offset " + offset + ": " + problem
                + ". Refusing to start on it: promises and values this replica acknowledged may be lost");
    }
}
