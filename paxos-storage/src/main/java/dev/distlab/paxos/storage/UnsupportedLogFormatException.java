package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.file.Path;

/** The log was written in a format this version does not read; the replica must not start on it. */
public class UnsupportedLogFormatException extends IOException {

    public UnsupportedLogFormatException(Path file, String format) {
        super("Write-ahead log " + file + " is in the old format " + format + ", whose frame headers carry no "
                + "checksum, and this version does not read it. Stop the replica, purge its data directory "
                + "(move " + file.getParent() + " away) and start it again so that it catches up from its peers");
    }
}
