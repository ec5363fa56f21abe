package dev.distlab.participant.bank;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** The JSON text in which a branch keeps its participants and operations. */
final class BranchCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BranchCodec() {
    }

    static String participants(List<String> participants) {
        ArrayNode array = JSON.createArrayNode();
        participants.forEach(array::add);
        return array.toString();
    }

    static String operations(List<PrepareCommand.Operation> operations) {
        ArrayNode array = JSON.createArrayNode();
        operations.forEach(op -> array.addObject().put("account", op.account()).put("delta", op.delta()));
        return array.toString();
    }

    static List<String> participants(String json) {
        List<String> out = new ArrayList<>();
        for (JsonNode node : JSON.readTree(json == null ? "[]" : json)) {
            out.add(node.asString());
        }
        return out;
    }

    static List<PrepareCommand.Operation> operations(String json) {
        List<PrepareCommand.Operation> out = new ArrayList<>();
        for (JsonNode node : JSON.readTree(json == null ? "[]" : json)) {
            out.add(new PrepareCommand.Operation(node.path("account").asString(), node.path("delta").asLong()));
        }
        return out;
    }
}
