package dev.distlab.gateway.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Verification from the dashboard, where the gateway was started by {@code ./cluster} ({@link VerifyRuns}):
 * {@code POST /api/gateway/verify} (token) starts a short run, {@code GET /api/gateway/verify} lists the recent
 * ones, {@code GET /api/gateway/verify/{id}} follows one (state and the last lines it printed), and
 * {@code GET /api/gateway/verify/{id}/report/{file}} serves its report.
 */
@RestController
@RequestMapping("/api/gateway/verify")
class VerifyController {

    private static final Set<String> WORKLOADS = Set.of("bank", "register", "watch", "lb", "hostile", "all");
    private static final Set<String> NEMESES = Set.of("none", "kill", "pause", "partition", "latency", "clock",
            "mixed");

    record Start(@NotNull @Pattern(regexp = "[a-z]+(,[a-z]+)*") String workload,
            @NotNull @Pattern(regexp = "[a-z]+") String nemesis, @NotNull @Min(5) @Max(300) Integer seconds) {
    }

    private final VerifyRuns runs;

    VerifyController(ObjectProvider<VerifyRuns> runs) {
        this.runs = runs.getIfAvailable();
    }

    @PostMapping
    ResponseEntity<VerifyRuns.RunView> start(@Valid @RequestBody Start start) throws IOException {
        for (String workload : start.workload().split(",")) {
            if (!WORKLOADS.contains(workload)) {
                throw ProblemException.invalid("workload", "must be among " + WORKLOADS);
            }
        }
        if (!NEMESES.contains(start.nemesis())) {
            throw ProblemException.invalid("nemesis", "must be one of " + NEMESES);
        }
        VerifyRuns.RunView run = available().start(start.workload(), start.nemesis(), start.seconds())
                .orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT,
                        "A verification run is still going; one runs at a time"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(run);
    }

    @GetMapping
    List<VerifyRuns.RunView> all() {
        return runs == null ? List.of() : runs.all();
    }

    @GetMapping("/{id}")
    VerifyRuns.RunView one(@PathVariable String id) {
        return available().find(id, 40).orElseThrow(() -> unknown(id));
    }

    @GetMapping("/{id}/report/{file}")
    ResponseEntity<Resource> report(@PathVariable String id, @PathVariable String file) {
        Path path = available().reportFile(id, file).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                "No file '" + file + "' in the report of run '" + id + "'"));
        MediaType type = MediaTypeFactory.getMediaType(path.getFileName().toString())
                .orElse(file.endsWith(".jsonl") ? MediaType.APPLICATION_NDJSON : MediaType.TEXT_PLAIN);
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(path));
    }

    private VerifyRuns available() {
        if (runs == null) {
            throw new ProblemException(HttpStatus.CONFLICT, "This gateway was not started by ./cluster: run "
                    + "./cluster verify (or the verify jar) against the deployment instead");
        }
        return runs;
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "No verification run '" + id + "' (the newest "
                + VerifyRuns.KEPT + " are kept)");
    }
}
