package dev.distlab.verify.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the sides in a round: as given in even rounds (A, B, C), reversed in odd ones (C, B, A), so that
 * no side always runs first (right after a warm-up, or while the previous side's garbage is collected).
 */
final class Order {

    private Order() {
    }

    static <T> List<T> forRound(List<T> sides, int round) {
        List<T> order = new ArrayList<>(sides);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }
}
