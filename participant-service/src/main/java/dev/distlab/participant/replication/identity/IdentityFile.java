package dev.distlab.participant.replication.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.distlab.paxos.storage.NioLogFileSystem;

/**
 * The identity file {@code <data-dir>/paxos/identity}: one {@code key=value} per line, readable by an operator.
 * Written atomically (a temporary file, fsynced, renamed over the old one, then the directory fsynced), so a
 * crash leaves either the old or the new identity, never a torn one. The same text is the answer of
 * {@code GET /internal/paxos/identity}.
 */
public final class IdentityFile {

    public static final String NAME = "identity";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String PEER_PREFIX = "peer.";

    private IdentityFile() {
    }

    /** The identity in {@code dir}, empty if there is none yet. */
    public static Optional<IdentityRecord> read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("the identity file " + file + " is damaged (" + e.getMessage()
                    + "); it is written atomically, so something else changed it", e);
        }
    }

    /** Replaces the identity in {@code dir} atomically and durably; {@code dir} must exist. */
    public static void write(Path dir, IdentityRecord identity) throws IOException {
        Path temp = dir.resolve(NAME + TEMP_SUFFIX);
        byte[] bytes = format(identity).getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically", e);
        }
        NioLogFileSystem.INSTANCE.forceDirectory(dir); // the rename; a failure is an error, not a debug line
    }

    static String format(IdentityRecord identity) {
        StringBuilder text = new StringBuilder()
                .append("cluster=").append(identity.clusterId()).append('\n')
                .append("member=").append(identity.memberId()).append('\n')
                .append("incarnation=").append(identity.incarnation()).append('\n')
                .append("rejoining=").append(identity.rejoining()).append('\n');
        new TreeMap<>(identity.peers()).forEach((member, incarnation) ->
                text.append(PEER_PREFIX).append(member).append('=').append(incarnation).append('\n'));
        return text.toString();
    }

    static IdentityRecord parse(String text) {
        Map<String, String> fields = new HashMap<>();
        Map<Integer, Long> peers = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("line '" + line + "' is not key=value");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).trim();
            if (key.startsWith(PEER_PREFIX)) {
                peers.put(number(key.substring(PEER_PREFIX.length()), key), Long.parseLong(value));
            } else if (fields.put(key, value) != null) {
                throw new IllegalArgumentException(key + " appears twice");
            }
        }
        String rejoining = required(fields, "rejoining");
        if (!rejoining.equals("true") && !rejoining.equals("false")) {
            throw new IllegalArgumentException("rejoining is '" + rejoining + "', not true or false");
        }
        return new IdentityRecord(required(fields, "cluster"), number(required(fields, "member"), "member"),
                Long.parseLong(required(fields, "incarnation")), Boolean.parseBoolean(rejoining), peers);
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: '" + text + "'");
        }
    }
}
