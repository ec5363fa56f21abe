package dev.distlab.common.storage;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Puts everything committed in an embedded H2 (2.x, MVStore) database into its file and fsyncs that file.
 * <p>
 * Why not {@code CHECKPOINT SYNC}: it runs {@code MVStore.commit()} and then {@code FileStore.sync()}, and the
 * commit stores only if {@code hasUnsavedChanges()}. MVStore's background writer (it stores on its own once the
 * database was {@code WRITE_DELAY} without a store) serializes a chunk on its {@code H2-serialization} thread and
 * hands the bytes to its {@code H2-save} thread without waiting; once serialized, the pages count as saved, so
 * {@code hasUnsavedChanges()} is false while the chunk has not been written yet. {@code CHECKPOINT SYNC} then
 * stores nothing, waits for nothing and fsyncs a file without that chunk ({@code H2ForceCrashTest} loses forced
 * rows that way). Here the commit is followed by {@code MVStore.executeFilestoreOperation}, which under the store
 * lock waits until both threads have finished what was handed to them, and the fsync runs after that.
 * <p>
 * {@code WRITE_DELAY=0} would close the gap too (no background writer, every store inline), but it would also stop
 * MVStore's background housekeeping, which rewrites sparse chunks: the file would grow with uptime.
 */
final class H2StoreForce {

    private H2StoreForce() {
    }

    /** Forces the database behind {@code connection}; throws what H2 throws when it cannot. */
    static void force(Connection connection) throws SQLException {
        MVStore store = storeOf(connection);
        if (!store.isPersistent() || store.isReadOnly()) {
            return; // no file, or nothing can have been committed: as CHECKPOINT SYNC does
        }
        store.commit(); // stores what is unsaved, waiting for its own chunk's write
        store.executeFilestoreOperation(store::sync); // waits for the background writer's chunks, then fsyncs
    }

    private static MVStore storeOf(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            throw new SQLException("not an embedded H2 database, so it cannot be forced from here: " + session);
        }
        return local.getDatabase().getStore().getMvStore();
    }
}
