package dev.distlab.paxos.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Which directed links between simulated nodes 1..size are cut; shared by the simulators' networks. */
final class Links {
    private final int size;
    private final boolean[][] cut;

    Links(int size) {
        this.size = size;
        this.cut = new boolean[size + 1][size + 1];
    }

    /** One side of a random partition: each node joins it with probability one half. */
    static List<Integer> randomSide(Random random, int size) {
        List<Integer> side = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            if (random.nextBoolean()) {
                side.add(i);
            }
        }
        return side;
    }

    boolean isCut(int from, int to) {
        return cut[from][to];
    }

    void cut(int from, int to) {
        cut[from][to] = true;
    }

    /** One-way partition: nothing reaches {@code node}, while everything it sends is delivered. */
    void cutInbound(int node) {
        for (int from = 1; from <= size; from++) {
            cut[from][node] = true;
        }
    }

    /** Splits the nodes into {@code side} and the rest, which cannot talk to each other. */
    void partition(List<Integer> side) {
        for (int a = 1; a <= size; a++) {
            for (int b = 1; b <= size; b++) {
                if (side.contains(a) != side.contains(b)) {
                    cut[a][b] = true;
                }
            }
        }
    }

    void heal() {
        for (boolean[] row : cut) {
            Arrays.fill(row, false);
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int a = 1; a <= size; a++) {
            for (int b = 1; b <= size; b++) {
                if (cut[a][b]) {
                    sb.append(a).append("->").append(b).append(' ');
                }
            }
        }
        return sb.length() == 0 ? "none" : sb.toString().trim();
    }
}
