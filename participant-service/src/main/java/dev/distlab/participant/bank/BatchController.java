package dev.distlab.participant.bank;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code POST /internal/bank/batch}: the branch operations (prepare, commit, abort) of several transactions in one
 * request, so a coordinator pays the per-request work and the disk force once for all of them (BANK.md).
 */
@RestController
@RequestMapping("/internal/bank")
class BatchController {

    private final BankBatch batch;

    BatchController(BankBatch batch) {
        this.batch = batch;
    }

    @Operation(summary = "Run several branch operations, forced to disk once",
            description = "200 {results: [{txId, action, status, body}]}, one per item in order, each what its "
                    + "single endpoint would have answered; 400 for a malformed envelope (nothing runs).")
    @PostMapping("/batch")
    BatchJson.Results run(@RequestBody BatchJson.Batch body) {
        return new BatchJson.Results(batch.run(body));
    }
}
