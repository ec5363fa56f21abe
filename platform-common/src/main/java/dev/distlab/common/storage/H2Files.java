package dev.distlab.common.storage;

import java.nio.file.Path;

/**
 * The JDBC URL of an embedded H2 database in a file, as the services open theirs (the coordinator's history, a
 * participant's bank).
 * <ul>
 * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the connection pool closes the database at shutdown, not H2's own shutdown
 * hook while requests may still run.</li>
 * <li>{@code PAGE_SIZE=4096}: MVStore writes every page a commit changed, whole, into the chunk that the next force
 * stores; H2's default splits pages at 16 KiB, so a force of a few changed rows serialized and wrote a few 16 KiB
 * leaves per index. With 4 KiB pages a transfer cost the coordinator about a quarter less CPU and the transfers
 * ran about a third faster (docs/BENCHMARKS.md, "Transfers"). The split size is not part of the file format:
 * a database written with other pages opens as before, and its pages split at the new size when they change.</li>
 * </ul>
 */
public final class H2Files {

    /** What follows the path in the URL (a test that opens the file through another H2 file system adds it too). */
    public static final String SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096";

    private H2Files() {
    }

    /** The URL of the database whose files are {@code file}.mv.db (and its lock file): {@code file} is absolute. */
    public static String url(Path file) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("H2 needs an absolute path in file mode, not " + file);
        }
        return "jdbc:h2:file:" + file + SETTINGS;
    }
}
