package dev.distlab.coordinator.txn;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * New transaction ids: UUIDs laid out as version 7 (RFC 9562), the first 48 bits the creation time in
 * milliseconds and the remaining 74 free bits random, printed as any UUID (lowercase 8-4-4-4-12). Ids made close in
 * time sort close together, so a new transaction's rows go into the same few index pages as its neighbours' (the
 * history's primary keys and branch index, and the participants' branch rows): a random version 4 id put each one
 * in a page of its own, and every force of the database serialized those pages again.
 */
final class TxIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    TxIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        long millis = clock.millis();
        long randA = RANDOM.nextLong();
        long randB = RANDOM.nextLong();
        long high = (millis << 16) | 0x7000L | (randA & 0x0FFFL);
        long low = (randB & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
