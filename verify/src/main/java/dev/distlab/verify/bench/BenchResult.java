package dev.distlab.verify.bench;

import java.util.List;

/**
 * What one bench produced: its Markdown table(s), the notes that say how it was measured, and whether it found
 * something wrong (only the bank's check can; a bench that cannot run throws instead).
 */
record BenchResult(String name, String title, String tables, List<String> notes, String problem) {

    boolean clean() {
        return problem == null;
    }
}
