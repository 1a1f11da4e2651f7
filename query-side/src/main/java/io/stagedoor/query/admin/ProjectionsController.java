package io.stagedoor.query.admin;

import io.stagedoor.platform.web.ApiContract;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Projection operations, for services only (the security chain lets no other caller reach them). */
@RestController
class ProjectionsController {

    private final ProjectionOperations operations;

    ProjectionsController(ProjectionOperations operations) {
        this.operations = operations;
    }

    @ApiContract(summary = "Each projection: position, lag behind the event store, segments and owners, dead letters",
            command = false)
    @GetMapping("/v1/admin/projections")
    List<ProjectionOperations.Projection> projections() {
        return operations.projections();
    }

    @ApiContract(summary = "Rebuild a projection from the first event while the service stays up", command = false,
            description = "Its read models are emptied and refilled; follow the progress with GET .../replay. Needs the "
                    + "projection's segments: other query nodes must not hold them.", successStatuses = 202)
    @PostMapping("/v1/admin/projections/{name}/replay")
    ResponseEntity<ProjectionOperations.ReplayProgress> replay(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.replay(name));
    }

    @ApiContract(summary = "Progress of a projection's replay: events done of total", command = false)
    @GetMapping("/v1/admin/projections/{name}/replay")
    ProjectionOperations.ReplayProgress progress(@PathVariable String name) {
        return operations.progress(name);
    }

    @ApiContract(summary = "A projection's dead letters: events its handlers failed on, per sequence", command = false)
    @GetMapping("/v1/admin/projections/{name}/dead-letters")
    List<ProjectionOperations.DeadLetterView> deadLetters(@PathVariable String name) {
        return operations.deadLetters(name);
    }

    @ApiContract(summary = "Retry a projection's dead letters", command = false)
    @PostMapping("/v1/admin/projections/{name}/dead-letters/retry")
    Map<String, Integer> retry(@PathVariable String name) {
        return Map.of("sequencesProcessed", operations.retryDeadLetters(name));
    }

    @ApiContract(summary = "Compare every meeting's read model with the event store", command = false,
            description = "Up to the projection's position, so lag is never reported: a difference is a skipped or "
                    + "dead-lettered event. Repair by retrying dead letters or replaying the projection.")
    @GetMapping("/v1/admin/reconciliation")
    ProjectionOperations.Reconciliation reconciliation() {
        return operations.reconcile();
    }
}
