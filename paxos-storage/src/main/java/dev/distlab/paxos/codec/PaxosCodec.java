package dev.distlab.paxos.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.distlab.paxos.core.Ballot;
import dev.distlab.paxos.core.Command;
import dev.distlab.paxos.core.CommandId;
import dev.distlab.paxos.core.LogEntry;
import dev.distlab.paxos.core.Snapshot;
import dev.distlab.paxos.core.Value;
import dev.distlab.paxos.core.message.Accept;
import dev.distlab.paxos.core.message.Accepted;
import dev.distlab.paxos.core.message.Heartbeat;
import dev.distlab.paxos.core.message.HeartbeatAck;
import dev.distlab.paxos.core.message.InstallSnapshot;
import dev.distlab.paxos.core.message.Learn;
import dev.distlab.paxos.core.message.Message;
import dev.distlab.paxos.core.message.PreVote;
import dev.distlab.paxos.core.message.PreVoteReply;
import dev.distlab.paxos.core.message.Prepare;
import dev.distlab.paxos.core.message.Promise;
import dev.distlab.paxos.core.message.Reject;
import dev.distlab.paxos.core.persist.CommitRecord;
import dev.distlab.paxos.core.persist.EntryRecord;
import dev.distlab.paxos.core.persist.PersistRecord;
import dev.distlab.paxos.core.persist.PromiseRecord;
import dev.distlab.paxos.core.persist.SnapshotRecord;

/**
 * Binary encoding of the protocol's messages (for the transport) and durable records (for the log). Every
 * encoding starts with a format version and a type tag, so that a replica refuses what it cannot read
 * instead of misreading it. Messages and records are versioned apart: a new message format must not make
 * the logs already on disk unreadable.
 */
public final class PaxosCodec {

    /** 2: PreVote, PreVoteReply and the heartbeat's proposal bound (issue 7). */
    static final int MESSAGE_VERSION = 2;
    static final int RECORD_VERSION = 1;

    private static final int PREPARE = 1, PROMISE = 2, ACCEPT = 3, ACCEPTED = 4, LEARN = 5, HEARTBEAT = 6,
            HEARTBEAT_ACK = 7, INSTALL_SNAPSHOT = 8, REJECT = 9, PRE_VOTE = 10, PRE_VOTE_REPLY = 11;
    private static final int PROMISE_RECORD = 101, ENTRY_RECORD = 102, COMMIT_RECORD = 103, SNAPSHOT_RECORD = 104;

    private PaxosCodec() {
    }

    // ---------------------------------------------------------------- messages

    /** Several messages in one payload: one HTTP request carries a batch for one peer. */
    public static byte[] encodeMessages(List<Message> messages) {
        return write(MESSAGE_VERSION, out -> {
            out.writeInt(messages.size());
            for (Message message : messages) {
                writeMessage(out, message);
            }
        });
    }

    public static List<Message> decodeMessages(byte[] bytes) {
        return read(MESSAGE_VERSION, bytes, in -> {
            int count = in.readInt();
            checkCount(count);
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(readMessage(in));
            }
            return messages;
        });
    }

    private static void writeMessage(DataOutputStream out, Message m) throws IOException {
        if (m instanceof Prepare p) {
            header(out, PREPARE, m);
            out.writeLong(p.fromSlot());
        } else if (m instanceof Promise p) {
            header(out, PROMISE, m);
            out.writeLong(p.fromSlot());
            writeEntries(out, p.entries());
            out.writeLong(p.commitIndex());
            writeSnapshot(out, p.snapshot());
        } else if (m instanceof Accept a) {
            header(out, ACCEPT, m);
            writeEntries(out, a.entries());
            out.writeLong(a.commitIndex());
        } else if (m instanceof Accepted a) {
            header(out, ACCEPTED, m);
            out.writeInt(a.slots().size());
            for (long slot : a.slots()) {
                out.writeLong(slot);
            }
            out.writeLong(a.commitIndex());
        } else if (m instanceof Learn l) {
            header(out, LEARN, m);
            writeEntries(out, l.entries());
            out.writeLong(l.commitIndex());
        } else if (m instanceof Heartbeat h) {
            header(out, HEARTBEAT, m);
            out.writeLong(h.commitIndex());
            out.writeLong(h.seq());
            out.writeLong(h.proposalBound());
        } else if (m instanceof HeartbeatAck h) {
            header(out, HEARTBEAT_ACK, m);
            out.writeLong(h.seq());
            out.writeLong(h.commitIndex());
        } else if (m instanceof InstallSnapshot s) {
            header(out, INSTALL_SNAPSHOT, m);
            writeSnapshot(out, s.snapshot());
        } else if (m instanceof Reject r) {
            header(out, REJECT, m);
            writeBallot(out, r.promised());
        } else if (m instanceof PreVote p) {
            header(out, PRE_VOTE, m);
            out.writeLong(p.commitIndex());
        } else if (m instanceof PreVoteReply p) {
            header(out, PRE_VOTE_REPLY, m);
            out.writeBoolean(p.granted());
        } else {
            throw new IllegalArgumentException("no encoding for " + m.getClass().getName());
        }
    }

    private static Message readMessage(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        int from = in.readInt();
        int to = in.readInt();
        Ballot ballot = readBallot(in);
        switch (type) {
            case PREPARE:
                return new Prepare(from, to, ballot, in.readLong());
            case PROMISE: {
                long fromSlot = in.readLong();
                List<LogEntry> entries = readEntries(in);
                long commitIndex = in.readLong();
                return new Promise(from, to, ballot, fromSlot, entries, commitIndex, readSnapshot(in));
            }
            case ACCEPT: {
                List<LogEntry> entries = readEntries(in);
                return new Accept(from, to, ballot, entries, in.readLong());
            }
            case ACCEPTED: {
                int count = in.readInt();
                checkCount(count);
                List<Long> slots = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    slots.add(in.readLong());
                }
                return new Accepted(from, to, ballot, slots, in.readLong());
            }
            case LEARN: {
                List<LogEntry> entries = readEntries(in);
                return new Learn(from, to, ballot, entries, in.readLong());
            }
            case HEARTBEAT: {
                long commitIndex = in.readLong();
                long seq = in.readLong();
                return new Heartbeat(from, to, ballot, commitIndex, seq, in.readLong());
            }
            case HEARTBEAT_ACK: {
                long seq = in.readLong();
                return new HeartbeatAck(from, to, ballot, seq, in.readLong());
            }
            case INSTALL_SNAPSHOT:
                return new InstallSnapshot(from, to, ballot, readSnapshot(in));
            case REJECT:
                return new Reject(from, to, ballot, readBallot(in));
            case PRE_VOTE:
                return new PreVote(from, to, ballot, in.readLong());
            case PRE_VOTE_REPLY:
                return new PreVoteReply(from, to, ballot, in.readBoolean());
            default:
                throw new CodecException("unknown message type " + type);
        }
    }

    private static void header(DataOutputStream out, int type, Message m) throws IOException {
        out.writeByte(type);
        out.writeInt(m.from());
        out.writeInt(m.to());
        writeBallot(out, m.ballot());
    }

    // ---------------------------------------------------------------- records

    public static byte[] encodeRecord(PersistRecord record) {
        return write(RECORD_VERSION, out -> {
            if (record instanceof PromiseRecord p) {
                out.writeByte(PROMISE_RECORD);
                writeBallot(out, p.promised());
            } else if (record instanceof EntryRecord e) {
                out.writeByte(ENTRY_RECORD);
                writeEntry(out, e.entry());
            } else if (record instanceof CommitRecord c) {
                out.writeByte(COMMIT_RECORD);
                out.writeLong(c.commitIndex());
            } else if (record instanceof SnapshotRecord s) {
                out.writeByte(SNAPSHOT_RECORD);
                writeSnapshot(out, s.snapshot());
            } else {
                throw new IllegalArgumentException("no encoding for " + record.getClass().getName());
            }
        });
    }

    public static PersistRecord decodeRecord(byte[] bytes) {
        return read(RECORD_VERSION, bytes, in -> {
            int type = in.readUnsignedByte();
            switch (type) {
                case PROMISE_RECORD:
                    return new PromiseRecord(readBallot(in));
                case ENTRY_RECORD:
                    return new EntryRecord(readEntry(in));
                case COMMIT_RECORD:
                    return new CommitRecord(in.readLong());
                case SNAPSHOT_RECORD:
                    return new SnapshotRecord(readSnapshot(in));
                default:
                    throw new CodecException("unknown record type " + type);
            }
        });
    }

    // ---------------------------------------------------------------- values

    public static byte[] encodeValue(Value value) {
        return write(RECORD_VERSION, out -> writeValue(out, value));
    }

    public static Value decodeValue(byte[] bytes) {
        return read(RECORD_VERSION, bytes, PaxosCodec::readValue);
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.round());
        out.writeInt(ballot.nodeId());
    }

    private static Ballot readBallot(DataInputStream in) throws IOException {
        long round = in.readLong();
        int nodeId = in.readInt();
        return round == 0 && nodeId == 0 ? Ballot.ZERO : new Ballot(round, nodeId);
    }

    private static void writeEntries(DataOutputStream out, List<LogEntry> entries) throws IOException {
        out.writeInt(entries.size());
        for (LogEntry entry : entries) {
            writeEntry(out, entry);
        }
    }

    private static List<LogEntry> readEntries(DataInputStream in) throws IOException {
        int count = in.readInt();
        checkCount(count);
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(readEntry(in));
        }
        return entries;
    }

    private static void writeEntry(DataOutputStream out, LogEntry entry) throws IOException {
        out.writeLong(entry.slot());
        writeBallot(out, entry.ballot());
        out.writeBoolean(entry.chosen());
        writeValue(out, entry.value());
    }

    private static LogEntry readEntry(DataInputStream in) throws IOException {
        long slot = in.readLong();
        Ballot ballot = readBallot(in);
        boolean chosen = in.readBoolean();
        return new LogEntry(slot, ballot, readValue(in), chosen);
    }

    private static void writeValue(DataOutputStream out, Value value) throws IOException {
        out.writeInt(value.commands().size());
        for (Command command : value.commands()) {
            out.writeUTF(command.id().clientId());
            out.writeLong(command.id().seq());
            writeBytes(out, command.payload());
        }
    }

    private static Value readValue(DataInputStream in) throws IOException {
        int count = in.readInt();
        checkCount(count);
        if (count == 0) {
            return Value.NOOP;
        }
        List<Command> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String clientId = in.readUTF();
            long seq = in.readLong();
            commands.add(new Command(new CommandId(clientId, seq), readBytes(in)));
        }
        return new Value(commands);
    }

    private static void writeSnapshot(DataOutputStream out, Snapshot snapshot) throws IOException {
        boolean present = snapshot != null;
        out.writeBoolean(present);
        if (present) {
            out.writeLong(snapshot.index());
            writeBytes(out, snapshot.data());
        }
    }

    private static Snapshot readSnapshot(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long index = in.readLong();
        byte[] data = readBytes(in);
        return index == 0 && data.length == 0 ? Snapshot.NONE : new Snapshot(index, data);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new CodecException("impossible length " + length);
        }
        return in.readNBytes(length);
    }

    private static void checkCount(int count) {
        if (count < 0 || count > 10_000_000) {
            throw new CodecException("impossible count " + count);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(int version, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(int expectedVersion, byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != expectedVersion) {
                throw new CodecException("unsupported format version " + version);
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new CodecException(in.available() + " unexpected trailing bytes");
            }
            return value;
        } catch (IOException e) {
            throw new CodecException("truncated or malformed: " + e);
        }
    }
}
