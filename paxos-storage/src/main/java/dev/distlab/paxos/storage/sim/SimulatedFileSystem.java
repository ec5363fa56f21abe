package dev.distlab.paxos.storage.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import dev.distlab.paxos.storage.LogFile;
import dev.distlab.paxos.storage.LogFileSystem;

/**
 * A deterministic in-memory disk that keeps what was written apart from what was synced, for crash tests of code
 * that runs in production.
 *
 * <ul>
 * <li>File data is durable only after {@link LogFile#force}; a directory entry (a file or directory created,
 * renamed or deleted) only after {@link #forceDirectory} of its parent.</li>
 * <li>{@link #crash} loses power: the namespace goes back to its durable entries, and each file's unsynced bytes
 * are lost, torn (a random prefix of them kept, the file no longer than that) or reordered (a random subset of
 * the 4 KiB pages holding unsynced bytes kept, the others read as what was synced there, zeros past it, at the
 * file's full length), chosen with the seeded {@link Random}.</li>
 * <li>{@link #failFileForces} and {@link #failDirectoryForces} make the next fsyncs throw; a failed file fsync
 * drops its dirty pages like Linux does, so a later successful one does not save them.</li>
 * <li>{@link #crashAtOperation} throws {@link SimulatedCrash} in the middle of the Nth disk operation (a write
 * lands partly, a rename or fsync does or does not happen); every later operation throws it too until
 * {@link #crash}.</li>
 * </ul>
 * Paths must be absolute. Not thread-safe.
 */
public final class SimulatedFileSystem implements LogFileSystem {

    private final Random random;
    private Map<Path, Object> live = new HashMap<>();
    private final Map<Path, Object> durable = new HashMap<>();
    private long operations;
    private long crashAt = -1;
    private boolean down;
    private int fileForcesToFail;
    private int directoryForcesToFail;
    /** Handles opened before the last crash belong to a process that no longer exists. */
    private int epoch;

    private static final Object DIRECTORY = new Object() {
        @Override
        public String toString() {
            return "directory";
        }
    };

    public SimulatedFileSystem(long seed) {
        this.random = new Random(seed);
    }

    /** Disk operations so far (reads included), for choosing where {@link #crashAtOperation} strikes. */
    public long operations() {
        return operations;
    }

    /** Crashes in the middle of operation number {@code n} (counted by {@link #operations}, 1 = the next). */
    public void crashAtOperation(long n) {
        crashAt = operations + n;
    }

    public void failFileForces(int count) {
        fileForcesToFail = count;
    }

    public void failDirectoryForces(int count) {
        directoryForcesToFail = count;
    }

    /** Loses power: what was not synced is lost, torn or reordered; the disk works again afterwards. */
    public void crash() {
        Map<Path, Object> survivors = new HashMap<>();
        for (Map.Entry<Path, Object> entry : durable.entrySet()) {
            if (reachable(entry.getKey())) {
                survivors.put(entry.getKey(), entry.getValue());
            }
        }
        durable.clear();
        durable.putAll(survivors);
        live = new HashMap<>(survivors);
        for (Object node : survivors.values()) {
            if (node instanceof SimulatedFile file) {
                byte[] after = afterPowerLoss(file);
                file.live = after;
                file.durable = after.clone();
                file.lostPages.clear();
            }
        }
        down = false;
        crashAt = -1;
        epoch++;
    }

    /** The bytes of a file as the program sees them now, for tests that damage a file. */
    public byte[] read(Path file) throws IOException {
        return file(file).live.clone();
    }

    /** Replaces a file's bytes, durably: the disk itself changed (bit rot, a test's damage). */
    public void replace(Path file, byte[] bytes) throws IOException {
        SimulatedFile target = file(file);
        target.live = bytes.clone();
        target.durable = bytes.clone();
    }

    @Override
    public boolean exists(Path path) {
        readOperation();
        return path.getParent() == null || live.containsKey(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        operation();
        requireDirectory(dir.getParent());
        if (live.containsKey(dir)) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        crashMidway(() -> live.put(dir, DIRECTORY));
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        readOperation();
        requireDirectory(dir);
        List<Path> entries = new ArrayList<>();
        for (Path path : live.keySet()) {
            if (dir.equals(path.getParent())) {
                entries.add(path);
            }
        }
        entries.sort(null);
        return entries;
    }

    @Override
    public LogFile open(Path path, boolean create) throws IOException {
        if (!create) {
            readOperation();
            return new Handle(file(path), epoch);
        }
        operation();
        {
            requireDirectory(path.getParent());
            if (live.containsKey(path)) {
                throw new FileAlreadyExistsException(path.toString());
            }
            SimulatedFile file = new SimulatedFile();
            crashMidway(() -> live.put(path, file));
            return new Handle(file, epoch);
        }
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
        operation();
        Object node = file(from);
        requireDirectory(to.getParent());
        crashMidway(() -> {
            live.remove(from);
            live.put(to, node);
        });
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        operation();
        if (live.get(path) instanceof SimulatedFile) {
            crashMidway(() -> live.remove(path));
        }
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        operation();
        requireDirectory(dir);
        if (directoryForcesToFail > 0) {
            directoryForcesToFail--;
            throw new IOException("simulated fsync failure on directory " + dir);
        }
        crashMidway(() -> {
            durable.keySet().removeIf(path -> dir.equals(path.getParent()));
            live.forEach((path, node) -> {
                if (dir.equals(path.getParent())) {
                    durable.put(path, node);
                }
            });
        });
    }

    private boolean reachable(Path path) {
        for (Path parent = path.getParent(); parent != null && parent.getParent() != null; parent = parent.getParent()) {
            if (durable.get(parent) != DIRECTORY) {
                return false;
            }
        }
        return true;
    }

    private byte[] afterPowerLoss(SimulatedFile file) {
        byte[] synced = file.durable;
        byte[] written = file.live;
        if (Arrays.equals(synced, written)) {
            return synced.clone();
        }
        switch (random.nextInt(3)) {
            case 0:
                return synced.clone();
            case 1: {
                if (written.length <= synced.length) {
                    return synced.clone();
                }
                int kept = random.nextInt(written.length - synced.length + 1);
                byte[] torn = Arrays.copyOf(synced, synced.length + kept);
                System.arraycopy(written, synced.length, torn, synced.length, kept);
                return torn;
            }
            default: {
                byte[] reordered = new byte[written.length];
                for (int page = 0; page * SimulatedFile.PAGE_BYTES < written.length; page++) {
                    boolean landed = !file.lostPages.get(page) && random.nextBoolean();
                    SimulatedFile.copyPage(landed ? written : synced, reordered, page);
                }
                return reordered;
            }
        }
    }

    private SimulatedFile file(Path path) throws IOException {
        if (live.get(path) instanceof SimulatedFile file) {
            return file;
        }
        throw new NoSuchFileException(path.toString());
    }

    private void requireDirectory(Path dir) throws IOException {
        if (dir != null && dir.getParent() != null && live.get(dir) != DIRECTORY) {
            throw new NoSuchFileException(Objects.toString(dir));
        }
    }

    /** Counts one disk operation; returns true if the power goes out in the middle of it. */
    private boolean operation() {
        if (down) {
            throw new SimulatedCrash("the simulated machine is down (crashed at operation " + crashAt + ")");
        }
        operations++;
        if (operations == crashAt) {
            down = true;
            return true;
        }
        return false;
    }

    /** Counts an operation that changes nothing: the power going out in it only stops the program. */
    private void readOperation() {
        if (operation()) {
            throw new SimulatedCrash("power lost during disk operation " + crashAt);
        }
    }

    /** Runs a metadata change, or, if this operation is where the power goes out, runs it or not and crashes. */
    private void crashMidway(Runnable change) {
        if (!down) {
            change.run();
            return;
        }
        if (random.nextBoolean()) {
            change.run();
        }
        throw new SimulatedCrash("power lost during disk operation " + crashAt);
    }

    private final class Handle implements LogFile {

        private final SimulatedFile file;
        private final int openedIn;

        Handle(SimulatedFile file, int openedIn) {
            this.file = file;
            this.openedIn = openedIn;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            checkRead();
            if (position >= file.live.length) {
                return dst.hasRemaining() ? -1 : 0;
            }
            int n = (int) Math.min(dst.remaining(), file.live.length - position);
            dst.put(file.live, (int) position, n);
            return n;
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            boolean crashing = check();
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            int length = crashing ? random.nextInt(bytes.length + 1) : bytes.length;
            file.write(bytes, 0, length, position);
            if (crashing) {
                throw new SimulatedCrash("power lost during write, operation " + crashAt);
            }
        }

        @Override
        public long size() throws IOException {
            checkRead();
            return file.live.length;
        }

        @Override
        public void truncate(long size) throws IOException {
            check();
            crashMidway(() -> file.truncate(size));
        }

        @Override
        public void force() throws IOException {
            check();
            if (fileForcesToFail > 0) {
                fileForcesToFail--;
                file.failForce();
                throw new IOException("simulated fsync failure");
            }
            crashMidway(file::force);
        }

        @Override
        public void close() {
            // nothing to release; a closed handle is simply no longer used
        }

        private void checkRead() throws IOException {
            if (check()) {
                throw new SimulatedCrash("power lost during disk operation " + crashAt);
            }
        }

        /** Counts the operation; returns true if the power goes out in the middle of it. */
        private boolean check() throws IOException {
            if (openedIn != epoch) {
                throw new IOException("file handle from before the simulated crash");
            }
            return operation();
        }
    }
}
