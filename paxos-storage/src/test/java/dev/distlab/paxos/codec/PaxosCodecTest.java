package dev.distlab.paxos.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

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

class PaxosCodecTest {

    private static final Ballot B = new Ballot(7, 2);
    private static final Value BATCH = new Value(List.of(
            new Command(new CommandId("participant-1/boot", 41), "put a".getBytes(StandardCharsets.UTF_8)),
            new Command(new CommandId("client-é", 42), new byte[] { 0, 1, 2 })));
    private static final List<LogEntry> ENTRIES = List.of(new LogEntry(5, B, BATCH, false),
            new LogEntry(6, new Ballot(3, 1), Value.NOOP, true));
    private static final Snapshot SNAPSHOT = new Snapshot(4, new byte[] { 9, 8, 7 });

    @Test
    void shouldRoundTripEveryMessageTypeInOneBatch() {
        List<Message> messages = List.of(new Prepare(1, 2, B, 3), new Promise(2, 1, B, 3, ENTRIES, 4, SNAPSHOT),
                new Promise(2, 1, B, 3, List.of(), 0, null), new Accept(1, 3, B, ENTRIES, 4),
                new Accepted(3, 1, B, List.of(5L, 6L), 4), new Learn(1, 2, B, ENTRIES, 6),
                new Heartbeat(1, 2, B, 6, 99, 70), new HeartbeatAck(2, 1, B, 99, 6),
                new InstallSnapshot(1, 3, B, SNAPSHOT), new Reject(3, 1, B, new Ballot(8, 3)),
                new PreVote(3, 1, new Ballot(9, 3), 41), new PreVoteReply(1, 3, new Ballot(9, 3), true),
                new PreVoteReply(2, 3, new Ballot(9, 3), false));
        List<Message> decoded = PaxosCodec.decodeMessages(PaxosCodec.encodeMessages(messages));
        assertThat(decoded).hasSameSizeAs(messages);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(decoded.get(i)).usingRecursiveComparison().isEqualTo(messages.get(i));
        }
    }

    @Test
    void shouldRefuseMessagesOfTheFormatBeforePreVoteButStillReadRecordsOnDisk() {
        byte[] message = PaxosCodec.encodeMessages(List.of(new Heartbeat(1, 2, B, 6, 99, 70)));
        assertThat(message[0]).isEqualTo((byte) 2);
        byte[] oldPeer = message.clone();
        oldPeer[0] = 1; // a peer not upgraded yet: its heartbeat has no proposal bound
        assertThatThrownBy(() -> PaxosCodec.decodeMessages(oldPeer)).hasMessageContaining("version 1");
        byte[] record = PaxosCodec.encodeRecord(new CommitRecord(12));
        assertThat(record[0]).as("records keep format 1: logs written before stay readable").isEqualTo((byte) 1);
        assertThat(PaxosCodec.decodeRecord(record)).usingRecursiveComparison().isEqualTo(new CommitRecord(12));
    }

    @Test
    void shouldRoundTripEveryRecordType() {
        List<PersistRecord> records = List.of(new PromiseRecord(B), new EntryRecord(ENTRIES.get(0)),
                new CommitRecord(12), new SnapshotRecord(SNAPSHOT));
        for (PersistRecord record : records) {
            assertThat(PaxosCodec.decodeRecord(PaxosCodec.encodeRecord(record))).usingRecursiveComparison()
                    .isEqualTo(record);
        }
    }

    @Test
    void shouldRefuseTruncatedOrForeignBytes() {
        byte[] good = PaxosCodec.encodeMessages(List.of(new Accept(1, 3, B, ENTRIES, 4)));
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, good.length - cut);
            assertThatThrownBy(() -> PaxosCodec.decodeMessages(truncated)).isInstanceOf(CodecException.class);
        }
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> PaxosCodec.decodeMessages(otherVersion)).hasMessageContaining("version 9");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> PaxosCodec.decodeMessages(trailing)).hasMessageContaining("trailing");
    }
}
