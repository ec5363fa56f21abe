package dev.distlab.gateway.control;

import java.io.IOException;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;

/**
 * Process control for the dashboard, where the deployment allows it ({@link ClusterScript}):
 * {@code GET /api/gateway/control} says whether it does and which actions exist;
 * {@code POST /api/gateway/instances/{id}/{action}} (token) runs one.
 */
@RestController
class InstanceControlController {

    record Control(boolean available, List<String> actions, String detail) {
    }

    record Done(String instance, String action, String output) {
    }

    private final KnownInstances instances;
    private final ClusterScript script;

    InstanceControlController(KnownInstances instances, ObjectProvider<ClusterScript> script) {
        this.instances = instances;
        this.script = script.getIfAvailable();
    }

    @GetMapping("/api/gateway/control")
    Control control() {
        return script == null
                ? new Control(false, List.of(), "This gateway was not started by ./cluster: processes are supervised "
                        + "by the deployment (docker compose, Kubernetes); use the crash fault to stop one.")
                : new Control(true, ClusterScript.ACTIONS, "Runs ./cluster ACTION NAME on the gateway's machine.");
    }

    @PostMapping("/api/gateway/instances/{id}/{action:kill|pause|resume|restart}")
    Done act(@PathVariable String id, @PathVariable String action) throws IOException, InterruptedException {
        instances.uriOf(id); // 404 for an instance the gateway does not balance
        if (script == null) {
            throw new ProblemException(HttpStatus.CONFLICT, control().detail());
        }
        ClusterScript.Outcome outcome = script.run(action, id).orElseThrow(() -> new ProblemException(
                HttpStatus.CONFLICT, "Another instance action is still running; try again when it has finished"));
        if (outcome.exitCode() != 0) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "./cluster " + action + " " + id
                    + " failed (exit " + outcome.exitCode() + "): " + outcome.output().strip());
        }
        return new Done(id, action, outcome.output().strip());
    }
}
