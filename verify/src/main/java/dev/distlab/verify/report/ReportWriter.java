package dev.distlab.verify.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes results.json and index.html beside the history.jsonl the recorder streamed. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static void write(Path dir, RunSummary run) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.json"), ResultsJson.render(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), HtmlReport.render(run), StandardCharsets.UTF_8);
    }
}
