package dev.distlab.participant.replication.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PeerGuardTest {

    private static final String CLUSTER = ClusterId.of("guard", 3);

    private final List<IdentityRecord> written = new ArrayList<>();
    private boolean failWrites;
    private final ReplicaIdentity identity = new ReplicaIdentity("guard",
            new IdentityRecord(CLUSTER, 2, 100, false, Map.of(3, 50L)), record -> {
                if (failWrites) {
                    throw new IOException("disk full");
                }
                written.add(record);
            });
    private final PeerGuard guard = new PeerGuard(identity, 3, new RateLimitedLog(1, () -> 0));

    private Optional<String> admit(String cluster, String member) throws IOException {
        return guard.admit(cluster, member, "10.0.0.9:4711");
    }

    @Test
    void shouldAdmitAKnownIncarnationWithoutWriting() throws IOException {
        assertThat(admit(CLUSTER, "3:50")).isEmpty();
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRecordAFirstAndANewerIncarnationDurablyBeforeAdmitting() throws IOException {
        assertThat(admit(CLUSTER, "1:10")).isEmpty();
        assertThat(written).hasSize(1);
        assertThat(written.get(0).peers()).containsEntry(1, 10L).containsEntry(3, 50L);
        assertThat(admit(CLUSTER, "3:60")).isEmpty();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).peers()).containsEntry(1, 10L).containsEntry(3, 60L);
        assertThat(identity.heardFrom(3)).isEqualTo(60);
    }

    @Test
    void shouldRefuseAnotherCluster() throws IOException {
        assertThat(admit(ClusterId.of("other", 3), "1:10")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("of cluster " + ClusterId.of("other", 3)).contains("belongs to cluster " + CLUSTER));
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRefuseAMemberIdOutsideTheMemberList() throws IOException {
        assertThat(admit(CLUSTER, "4:10")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("claiming to be member 4").contains("members 1 to 3"));
        assertThat(admit(CLUSTER, "0:10")).isPresent();
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRefuseItsOwnMemberId() throws IOException {
        assertThat(admit(CLUSTER, "2:100")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("this replica's own id: two replicas run with the same id"));
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRefuseASupersededIncarnation() throws IOException {
        assertThat(admit(CLUSTER, "3:49")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("member 3 in incarnation 49, but incarnation 50").contains("superseded"));
        assertThat(identity.heardFrom(3)).isEqualTo(50);
        assertThat(written).isEmpty();
    }

    @Test
    void shouldRefuseTheOlderOfTwoLiveIncarnationsOnceTheNewerWasHeard() throws IOException {
        assertThat(admit(CLUSTER, "1:10")).isEmpty();
        assertThat(admit(CLUSTER, "1:20")).isEmpty(); // a second copy of member 1 with its own data directory
        assertThat(admit(CLUSTER, "1:10")).isPresent();
        assertThat(admit(CLUSTER, "1:20")).isEmpty();
    }

    @Test
    void shouldRefuseMissingOrMalformedHeaders() throws IOException {
        assertThat(admit(null, "1:10")).hasValueSatisfying(reason -> assertThat(reason).contains("without"));
        assertThat(admit(CLUSTER, null)).isPresent();
        assertThat(admit(CLUSTER, "1")).hasValueSatisfying(reason -> assertThat(reason).contains("not <member>:<incarnation>")
                .doesNotContain("without"));
        assertThat(admit(CLUSTER, "1:x")).isPresent();
        assertThat(admit(CLUSTER, "1:0")).isPresent();
    }

    @Test
    void shouldNotAdmitWhatItCannotRecord() {
        failWrites = true;
        assertThatThrownBy(() -> admit(CLUSTER, "1:10")).isInstanceOf(IOException.class);
        assertThat(identity.heardFrom(1)).isZero();
    }

    @Test
    void shouldLogARepeatedRefusalOncePerInterval() {
        long[] now = { 0 };
        RateLimitedLog limit = new RateLimitedLog(10, () -> now[0]);
        assertThat(limit.admit("a")).isZero();
        assertThat(limit.admit("a")).isEqualTo(-1);
        assertThat(limit.admit("a")).isEqualTo(-1);
        assertThat(limit.admit("b")).isZero();
        now[0] = 10;
        assertThat(limit.admit("a")).isEqualTo(2);
    }
}
