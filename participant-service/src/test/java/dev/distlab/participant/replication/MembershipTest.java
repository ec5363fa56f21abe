package dev.distlab.participant.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distlab.common.InstanceIdentity;

class MembershipTest {

    private static final List<String> MEMBERS = List.of("http://127.0.0.1:8081", "http://127.0.0.1:8082/",
            "http://127.0.0.1:8083");

    @Test
    void shouldSendTheMessagesToTheMembersAndListenOnNoOtherPortWithoutPeerUrls() {
        Membership membership = of(MEMBERS, List.of(), "participant-2");

        assertThat(membership.nodeId()).isEqualTo(2);
        assertThat(membership.peers()).isEqualTo(Map.of(1, "http://127.0.0.1:8081", 3, "http://127.0.0.1:8083"));
        assertThat(membership.peerMessageUrls()).isEqualTo(membership.peers());
        assertThat(membership.ownPeerPort()).isZero();
    }

    @Test
    void shouldSendTheMessagesToThePeerUrlsAndListenOnItsOwn() {
        Membership membership = of(MEMBERS, List.of("http://127.0.0.1:8181", "http://127.0.0.1:8182",
                "http://127.0.0.1:8183/"), "participant-3");

        assertThat(membership.peers()).isEqualTo(Map.of(1, "http://127.0.0.1:8081", 2, "http://127.0.0.1:8082"));
        assertThat(membership.peerMessageUrls())
                .isEqualTo(Map.of(1, "http://127.0.0.1:8181", 2, "http://127.0.0.1:8182"));
        assertThat(membership.ownPeerPort()).isEqualTo(8183);
    }

    @Test
    void shouldListenOnNoOtherPortWhenItsPeerUrlIsItsBaseUrl() {
        assertThat(of(MEMBERS, MEMBERS, "participant-1").ownPeerPort()).isZero();
    }

    @Test
    void shouldRefuseToStartWithPeerUrlsThatDoNotMatchTheMembers() {
        assertThatThrownBy(() -> of(MEMBERS, List.of("http://127.0.0.1:8181", "http://127.0.0.1:8182"),
                "participant-1")).hasMessageContaining("peer-urls names 2 replicas and platform.replication.members 3");
        assertThatThrownBy(() -> of(MEMBERS, List.of("http://a:8181", "http://b", "http://c:8183"), "participant-1"))
                .hasMessageContaining("Peer URL http://b").hasMessageContaining("has no port");
    }

    @Test
    void shouldRefuseToStartAsAReplicaNotAmongTheMembers() {
        assertThatThrownBy(() -> of(MEMBERS, List.of(), "participant-4"))
                .hasMessageContaining("Replica id 4").hasMessageContaining("is not among the 3 members");
    }

    private static Membership of(List<String> members, List<String> peerUrls, String instanceId) {
        ReplicationProperties properties = new ReplicationProperties();
        properties.setMembers(members);
        properties.setPeerUrls(peerUrls);
        return Membership.of(properties, new InstanceIdentity(instanceId, "participant-service", Instant.EPOCH));
    }
}
