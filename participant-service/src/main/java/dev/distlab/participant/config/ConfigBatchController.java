package dev.distlab.participant.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /internal/config/batch}: several writes of the config store in one request, so that a busy client
 * (the coordinator's decisions) pays the per-request work once for many of them. Internal: the cluster token is
 * required (the platform's filter guards {@code /internal/**}) and the gateway never routes it.
 */
@RestController
class ConfigBatchController {

    static final String PATH = "/internal/config/batch";

    private final ObjectProvider<ConfigStore> stores;
    private final ConfigBatchRequests requests;
    private final ConfigBatch batch;

    ConfigBatchController(ObjectProvider<ConfigStore> stores, ConfigBatchRequests requests, ConfigBatch batch) {
        this.stores = stores;
        this.requests = requests;
        this.batch = batch;
    }

    @Operation(summary = "Run several writes, each on its own",
            description = "Body {items: [{method: PUT|DELETE, key, value, ifMatch: <modRevision>, ifNoneMatch: "
                    + "\"*\"}]}, 1-" + ConfigBatchRequests.MAX_ITEMS + " items. 200 {results: [{key, status, "
                    + "revision, body}]}, one per item in order, each what its single PUT or DELETE would have "
                    + "answered; no atomicity across items. 400 if the body or any item is invalid (nothing is "
                    + "written); 503 if no item could be committed.")
    @PostMapping(PATH)
    ConfigBatchJson.Results run(@RequestBody ConfigBatchJson.Batch body, HttpServletRequest request) {
        var writes = requests.writes(body, request);
        ConfigStore store = stores.getIfAvailable();
        if (store == null) {
            throw new StoreUnavailableException("This node has no config store");
        }
        return new ConfigBatchJson.Results(batch.run(store, writes));
    }
}
