package dev.distlab.paxos.kv;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings: writeUTF stops at 64 KiB of modified UTF-8, values may be larger. */
final class Codec {
    private Codec() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeNullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    static void writeEntry(DataOutputStream out, KvEntry e) throws IOException {
        writeString(out, e.key());
        writeString(out, e.value());
        out.writeLong(e.version());
        out.writeLong(e.createRevision());
        out.writeLong(e.modRevision());
    }

    static KvEntry readEntry(DataInputStream in) throws IOException {
        return new KvEntry(readString(in), readString(in), in.readLong(), in.readLong(), in.readLong());
    }

    static void writeNullableEntry(DataOutputStream out, KvEntry e) throws IOException {
        out.writeBoolean(e != null);
        if (e != null) {
            writeEntry(out, e);
        }
    }

    static KvEntry readNullableEntry(DataInputStream in) throws IOException {
        return in.readBoolean() ? readEntry(in) : null;
    }
}
