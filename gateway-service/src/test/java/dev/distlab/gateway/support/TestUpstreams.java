package dev.distlab.gateway.support;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fake instances every gateway test context points at, started once per test JVM. */
public final class TestUpstreams {

    public static final FakeUpstream P1 = FakeUpstream.start("participant-1");
    public static final FakeUpstream P2 = FakeUpstream.start("participant-2");
    public static final FakeUpstream P3 = FakeUpstream.start("participant-3");
    public static final FakeUpstream C1 = FakeUpstream.start("coordinator-1");
    public static final FakeUpstream C2 = FakeUpstream.start("coordinator-2");

    public static final List<FakeUpstream> PARTICIPANTS = List.of(P1, P2, P3);
    public static final List<FakeUpstream> COORDINATORS = List.of(C1, C2);

    private TestUpstreams() {
    }

    public static List<FakeUpstream> all() {
        return Stream.concat(PARTICIPANTS.stream(), COORDINATORS.stream()).toList();
    }

    /** The one-line form of {@code gateway.services.<service>}. */
    public static String serviceList(List<FakeUpstream> upstreams) {
        return upstreams.stream().map(u -> u.id() + "=" + u.url()).collect(Collectors.joining(","));
    }
}
