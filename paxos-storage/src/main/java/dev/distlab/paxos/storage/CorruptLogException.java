package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The log holds damage that a crash cannot explain (see {@link LogRecovery} for what a crash can leave). The
 * replica must not start on it: its promises and acknowledged accepts may be lost.
 */
public class CorruptLogException extends IOException {

    public CorruptLogException(Path file, long offset, String problem) {
        super("Write-ahead log " + file + " is corrupt at byte offset " + offset + ": " + problem
                + ". Refusing to start on it: promises and values this replica acknowledged may be lost. Keep the"
                + " file for inspection, then purge the replica's data directory (move " + file.getParent()
                + " away) and start it again so that it catches up from its peers");
    }
}
