package dev.distlab.common.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:slowsave:/path}) over the ordinary one whose writes from H2's chunk-saving
 * thread ({@code H2-save}) are held back a while before they reach the file. It does not make a race: it widens the
 * window in which MVStore has serialized a chunk (so that {@code hasUnsavedChanges()} is false) but not yet written
 * it, so that a SIGKILL test can land in that window if a force is released in it.
 */
public class SlowSaveFilePath extends FilePathWrapper {

    static final String SCHEME = "slowsave";
    /** How long each write of the save thread is held back. */
    private static final long DELAY_MILLIS = 100;

    static void register() {
        FilePath.register(new SlowSaveFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new SlowSaveChannel(super.open(mode));
    }

    private static void holdBackTheSaveThread() {
        if (Thread.currentThread().getName().startsWith("H2-save")) {
            try {
                Thread.sleep(DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Delegates everything; only writes are delayed. */
    private static final class SlowSaveChannel extends FileBase {
        private final FileChannel channel;

        SlowSaveChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            holdBackTheSaveThread();
            return channel.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            holdBackTheSaveThread();
            return channel.write(src, position);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            channel.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
