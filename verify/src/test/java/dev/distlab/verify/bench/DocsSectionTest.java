package dev.distlab.verify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsSectionTest {

    private static final String DOC = """
            # Benchmarks

            Hand-written text before.

            <!-- bench:gateway -->
            old gateway table
            <!-- /bench:gateway -->

            ## Soak (hand-written)
            kept as it is
            """;

    @Test
    void shouldReplaceOnlyTheSectionBetweenItsMarkers() {
        String updated = DocsSection.replace(DOC, "gateway", "new table");

        assertThat(updated).doesNotContain("old gateway table")
                .contains("<!-- bench:gateway -->\nnew table\n<!-- /bench:gateway -->")
                .startsWith("# Benchmarks\n\nHand-written text before.\n\n")
                .endsWith("\n\n## Soak (hand-written)\nkept as it is\n");
        assertThat(DocsSection.replace(updated, "gateway", "new table")).isEqualTo(updated);
    }

    @Test
    void shouldAppendASectionThatIsNotThereYet() {
        String updated = DocsSection.replace(DOC, "bank", "bank table");

        assertThat(updated).startsWith(DOC).endsWith("kept as it is\n\n<!-- bench:bank -->\nbank table\n"
                + "<!-- /bench:bank -->\n");
    }

    @Test
    void shouldRefuseAFileWithOneMarkerOfTheTwo() {
        assertThatThrownBy(() -> DocsSection.replace("<!-- bench:store -->\nhalf", "store", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one of its two markers");
    }

    @Test
    void shouldWriteSectionsIntoAnExistingFileOrANewOne(@TempDir Path dir) throws IOException {
        Path existing = Files.writeString(dir.resolve("BENCHMARKS.md"), DOC);
        BenchResult result = new BenchResult("gateway", "Gateway next to nginx", "| a |\n| --- |\n| 1 |",
                List.of("Machine: 2 cores"), null);

        Sections.write(existing, List.of(result), "2026-12-06", "./cluster bench gateway");
        Sections.write(dir.resolve("sub/NEW.md"), List.of(result), "2026-12-06", "./cluster bench gateway");

        assertThat(Files.readString(existing)).contains("Hand-written text before.", "kept as it is",
                "### Gateway next to nginx (`./cluster bench gateway`)", "Generated on 2026-12-06",
                "- Machine: 2 cores").doesNotContain("old gateway table");
        assertThat(Files.readString(dir.resolve("sub/NEW.md"))).startsWith("# Benchmarks\n\n<!-- bench:gateway -->");
    }
}
