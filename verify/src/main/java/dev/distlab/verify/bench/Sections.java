package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A bench's generated Markdown section, and writing the sections into the docs file. */
final class Sections {

    private Sections() {
    }

    static String render(BenchResult result, String date, String command) {
        StringBuilder out = new StringBuilder("### ").append(result.title()).append(" (`./cluster bench ")
                .append(result.name()).append("`)\n\n");
        out.append("Generated on ").append(date).append(" by `").append(command)
                .append("`; run it again to replace this section (text outside the markers is kept).\n\n");
        out.append(result.tables().strip()).append("\n\n");
        result.notes().forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    /** Replaces (or appends) each result's section in {@code file}, creating the file if needed. */
    static void write(Path file, List<BenchResult> results, String date, String command) throws IOException {
        String document = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        for (BenchResult result : results) {
            document = DocsSection.replace(document, result.name(), render(result, date, command));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, document, StandardCharsets.UTF_8);
    }
}
