package io.stagedoor.query.admin;

import io.stagedoor.platform.web.ApiContract;
import io.stagedoor.query.projection.ReadModelRebuild;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

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

    @ApiContract(summary = "Rebuild a projection's read models in bulk while the service keeps answering", command = false,
            description = "Reads the event store once, folds each meeting in memory and writes fresh tables, which "
                    + "replace the read models at the end, in one short transaction; the projection then goes on from "
                    + "where the read began. Until then queries are answered from the current read models. Follow the "
                    + "progress with GET .../rebuild on the same node. Refused (2015) while a rebuild runs or another "
                    + "node holds the projection's segments.", successStatuses = 202,
            answerExample = "{\"phase\": \"READING\", \"startedAt\": \"2026-11-30T10:00:00Z\", "
                    + "\"eventsRead\": 0, \"meetingsWritten\": 0, \"eventsPerSecond\": 0}")
    @PostMapping("/v1/admin/projections/{name}/rebuild")
    ResponseEntity<ReadModelRebuild.Progress> rebuild(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.rebuild(name));
    }

    @ApiContract(summary = "Progress of the last bulk rebuild started on this node", command = false,
            description = "phase NONE, READING, SWAPPING, DONE or FAILED (with error); position is the global index "
                    + "the read began at; eventsPerSecond over the whole run so far.")
    @GetMapping("/v1/admin/projections/{name}/rebuild")
    ReadModelRebuild.Progress rebuildProgress(@PathVariable String name) {
        return operations.rebuildProgress(name);
    }

    @ApiContract(summary = "A projection's dead letters: events its handlers failed on, per sequence", command = false)
    @GetMapping("/v1/admin/projections/{name}/dead-letters")
    List<ProjectionOperations.DeadLetterView> deadLetters(@PathVariable String name) {
        return operations.deadLetters(name);
    }

    /** How many sequences of dead letters a retry processed. */
    record DeadLettersRetried(int sequencesProcessed) {
    }

    @ApiContract(summary = "Retry a projection's dead letters", command = false)
    @PostMapping("/v1/admin/projections/{name}/dead-letters/retry")
    DeadLettersRetried retry(@PathVariable String name) {
        return new DeadLettersRetried(operations.retryDeadLetters(name));
    }

    @ApiContract(summary = "Compare every meeting's read model with the event store", command = false,
            description = "Up to the projection's position, so lag is never reported: a difference is a skipped or "
                    + "dead-lettered event. Repair by retrying dead letters or replaying the projection.")
    @GetMapping("/v1/admin/reconciliation")
    ProjectionOperations.Reconciliation reconciliation() {
        return operations.reconcile();
    }
}
