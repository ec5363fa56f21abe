package dev.distlab.participant.replication;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.distlab.paxos.kv.KvEntry;
import dev.distlab.paxos.kv.KvResult;

/** Carries a write's result from the leader back to the replica that forwarded the write. */
final class KvResultCodec {

    private KvResultCodec() {
    }

    static byte[] encode(KvResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(result.status().name());
            out.writeLong(result.revision());
            KvEntry entry = result.entry();
            out.writeBoolean(entry != null);
            if (entry != null) {
                writeString(out, entry.key());
                writeString(out, entry.value());
                out.writeLong(entry.version());
                out.writeLong(entry.createRevision());
                out.writeLong(entry.modRevision());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KvResult decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            KvResult.Status status = KvResult.Status.valueOf(in.readUTF());
            long revision = in.readLong();
            KvEntry entry = null;
            if (in.readBoolean()) {
                entry = new KvEntry(readString(in), readString(in), in.readLong(), in.readLong(), in.readLong());
            }
            return new KvResult(status, entry, revision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8 == null ? -1 : utf8.length);
        if (utf8 != null) {
            out.write(utf8);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
