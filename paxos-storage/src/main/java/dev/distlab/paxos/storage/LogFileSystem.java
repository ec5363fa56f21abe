package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The file operations a {@link RecordLog} needs, so that it can run on the real disk ({@link NioLogFileSystem})
 * or on a simulated one that loses what was not synced. A directory entry (a file created, renamed or deleted,
 * a directory created) is durable only after {@link #forceDirectory} of its parent.
 */
public interface LogFileSystem {

    boolean exists(Path path) throws IOException;

    /** Creates one directory whose parent exists. */
    void createDirectory(Path dir) throws IOException;

    /** The entries of a directory. */
    List<Path> list(Path dir) throws IOException;

    /** Opens a file for reading and writing; creates it (it must not exist yet) if {@code create}. */
    LogFile open(Path file, boolean create) throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
    void moveAtomically(Path from, Path to) throws IOException;

    void deleteIfExists(Path file) throws IOException;

    /** Forces the directory's entries to disk; throws if that is not possible. */
    void forceDirectory(Path dir) throws IOException;

    /**
     * Creates {@code dir} and any missing parents, forcing the parent of each directory created so that the
     * directory itself survives a power cut, not only the files in it.
     */
    default void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && !exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path created : missing) {
            createDirectory(created);
        }
        for (Path created : missing) {
            forceDirectory(created.getParent());
        }
    }
}
