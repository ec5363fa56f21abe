package dev.distlab.paxos.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** The real disk, through NIO. */
public final class NioLogFileSystem implements LogFileSystem {

    public static final NioLogFileSystem INSTANCE = new NioLogFileSystem();

    private NioLogFileSystem() {
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Override
    public LogFile open(Path file, boolean create) throws IOException {
        FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ChannelFile(channel);
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Opens the directory and fsyncs it. On Linux this makes created, renamed and deleted entries durable; if the
     * file system refuses, the caller cannot know its rename survives a power cut, so the error propagates.
     */
    @Override
    public void forceDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private record ChannelFile(FileChannel channel) implements LogFile {

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += channel.write(src, at);
            }
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void force() throws IOException {
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
