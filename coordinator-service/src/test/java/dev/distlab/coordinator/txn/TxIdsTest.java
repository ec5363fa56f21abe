package dev.distlab.coordinator.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TxIdsTest {

    @Test
    void shouldMakeVersion7UuidsThatParticipantsAcceptAndThatSortByTime() {
        Instant t = Instant.parse("2026-12-05T10:00:00Z");
        String earlier = new TxIds(Clock.fixed(t, ZoneOffset.UTC)).next();
        String later = new TxIds(Clock.fixed(t.plusMillis(1), ZoneOffset.UTC)).next();

        for (String id : new String[] { earlier, later }) {
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        }
        assertThat(UUID.fromString(earlier).getMostSignificantBits() >>> 16).isEqualTo(t.toEpochMilli());
        assertThat(earlier).as("string order follows time").isLessThan(later);
    }

    @Test
    void shouldNotRepeatWithinOneMillisecond() {
        TxIds ids = new TxIds(Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }
}
