package dev.distlab.coordinator.participant;

import java.util.List;

import dev.distlab.coordinator.participant.ParticipantClient.Failure;
import dev.distlab.coordinator.participant.ParticipantClient.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /internal/bank/batch} on the wire (BANK.md): the request {@code {"items": [{"txId", "action",
 * "body"}...]}} and, per item in the same order, the answer {@code {"txId", "action", "status", "body"}} that the
 * operation's single endpoint would have given.
 */
final class BranchBatchJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BranchBatchJson() {
    }

    static String request(List<BranchCall> batch) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("items");
        for (BranchCall call : batch) {
            ObjectNode item = items.addObject().put("txId", call.txId()).put("action", call.action());
            if (call.body() != null) {
                item.set("body", JSON.valueToTree(call.body()));
            }
        }
        return JSON.writeValueAsString(root);
    }

    /**
     * Settles every operation of {@code batch} from the batch call's reply: each its own result; if the call got
     * no batch answer (no answer at all, or another status than 200), each operation gets what the call got, as its
     * single call would have; a 200 whose results do not match the items (a participant that misread them) counts
     * as no answer.
     */
    static void answer(List<BranchCall> batch, Reply reply) {
        if (!reply.is(200)) {
            batch.forEach(call -> call.answer().complete(reply));
            return;
        }
        JsonNode results = reply.body() == null ? null : reply.body().get("results");
        if (!matches(batch, results)) {
            Reply garbled = new Reply(0, null, Failure.UNREACHABLE, "the batch answer does not match its "
                    + batch.size() + " items");
            batch.forEach(call -> call.answer().complete(garbled));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.get(i);
            JsonNode body = result.get("body");
            batch.get(i).answer().complete(new Reply(result.get("status").asInt(),
                    body == null || body.isNull() ? null : body, Failure.NONE, null));
        }
    }

    private static boolean matches(List<BranchCall> batch, JsonNode results) {
        if (results == null || !results.isArray() || results.size() != batch.size()) {
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.get(i);
            if (!batch.get(i).txId().equals(result.path("txId").asString(""))
                    || !batch.get(i).action().equals(result.path("action").asString(""))
                    || !result.path("status").isInt()) {
                return false;
            }
        }
        return true;
    }
}
