package dev.distlab.participant.replication.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityBootstrapTest {

    private static final String NAME = "test-cluster";
    private static final String CLUSTER = ClusterId.of(NAME, 3);
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path data;

    private final List<Integer> asked = new ArrayList<>();

    private Path dir() {
        return data.resolve("paxos");
    }

    private ReplicaIdentity establish(int member, boolean rejoin, Map<Integer, Long> peersRemember) {
        JoinCheck check = (clusterId, memberId) -> {
            assertThat(clusterId).isEqualTo(CLUSTER);
            asked.add(memberId);
            return peersRemember;
        };
        return new IdentityBootstrap(dir(), NAME, 3, member, rejoin, check, () -> NOW, new Random(1)).establish();
    }

    @Test
    void shouldJoinAsANewMemberWhenNoPeerRemembersIt() throws IOException {
        ReplicaIdentity identity = establish(2, false, Map.of(1, 0L, 3, 0L));
        assertThat(asked).containsExactly(2);
        assertThat(identity.rejoining()).isFalse();
        assertThat(identity.incarnation() >>> 16).isEqualTo(NOW);
        assertThat(IdentityFile.read(dir())).contains(identity.snapshot());
        assertThat(identity.requestHeaders()).containsEntry(PeerHeaders.CLUSTER, CLUSTER)
                .containsEntry(PeerHeaders.MEMBER, "2:" + identity.incarnation());
    }

    @Test
    void shouldJoinWhenNoPeerAnswers() {
        assertThat(establish(1, false, Map.of()).rejoining()).isFalse();
    }

    @Test
    void shouldRefuseALostDataDirectoryThatAPeerRemembersAndWriteNothing() throws IOException {
        assertThatThrownBy(() -> establish(2, false, Map.of(1, 0L, 3, 77L)))
                .isInstanceOf(IdentityRefusedException.class)
                .hasMessageContaining("replica 3 remembers incarnation 77 of this member: this data directory was "
                        + "lost; re-add it with ./cluster restart participant-2 --rejoin");
        assertThat(dir()).doesNotExist();
        // so the next start without --rejoin asks again and is refused again
        assertThatThrownBy(() -> establish(2, false, Map.of(3, 77L))).isInstanceOf(IdentityRefusedException.class);
        assertThat(asked).containsExactly(2, 2);
    }

    @Test
    void shouldRejoinWithANewerIncarnationAndTheFlagSetUntilCaughtUp() throws IOException {
        long remembered = (NOW + 1000) << 16; // this replica's clock is behind the one that made the last one
        ReplicaIdentity identity = establish(2, true, Map.of(3, remembered));
        assertThat(identity.rejoining()).isTrue();
        assertThat(identity.incarnation()).isGreaterThan(remembered);
        assertThat(IdentityFile.read(dir()).orElseThrow().rejoining()).isTrue();

        identity.markCaughtUp();
        assertThat(identity.rejoining()).isFalse();
        assertThat(IdentityFile.read(dir()).orElseThrow().rejoining()).isFalse();
        // a restart keeps it: no join check any more, no rejoining
        ReplicaIdentity restarted = establish(2, false, Map.of(3, remembered));
        assertThat(restarted.rejoining()).isFalse();
        assertThat(restarted.incarnation()).isEqualTo(identity.incarnation());
        assertThat(asked).containsExactly(2);
    }

    @Test
    void shouldStayRejoiningAcrossARestartBeforeCatchingUp() {
        long incarnation = establish(2, true, Map.of(3, 5L)).incarnation();
        ReplicaIdentity restarted = establish(2, false, Map.of());
        assertThat(restarted.rejoining()).isTrue();
        assertThat(restarted.incarnation()).isEqualTo(incarnation);
    }

    @Test
    void shouldRefuseADataDirectoryOfAnotherCluster() throws IOException {
        Files.createDirectories(dir());
        IdentityFile.write(dir(), new IdentityRecord(ClusterId.of("other", 3), 2, 9, false, Map.of()));
        assertThatThrownBy(() -> establish(2, false, Map.of())).isInstanceOf(IdentityRefusedException.class)
                .hasMessageContaining("belongs to cluster " + ClusterId.of("other", 3))
                .hasMessageContaining("configured for cluster " + CLUSTER);
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldRefuseADataDirectoryOfAnotherMember() throws IOException {
        Files.createDirectories(dir());
        IdentityFile.write(dir(), new IdentityRecord(CLUSTER, 1, 9, false, Map.of()));
        assertThatThrownBy(() -> establish(2, false, Map.of())).isInstanceOf(IdentityRefusedException.class)
                .hasMessageContaining("member 1's, but this replica is configured as member 2");
    }

    @Test
    void shouldRefuseADamagedIdentity() throws IOException {
        Files.createDirectories(dir());
        Files.writeString(dir().resolve("identity"), "garbage");
        assertThatThrownBy(() -> establish(2, false, Map.of())).isInstanceOf(IdentityRefusedException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void shouldAdoptALogWrittenBeforeIdentitiesWithoutAskingThePeers() throws IOException {
        Files.createDirectories(dir());
        Files.write(dir().resolve("wal-0000000001.log"), new byte[] { 1, 2, 3 });
        ReplicaIdentity identity = establish(2, false, Map.of(3, 77L));
        assertThat(asked).isEmpty();
        assertThat(identity.rejoining()).isFalse();
        assertThat(IdentityFile.read(dir())).contains(identity.snapshot());
    }
}
