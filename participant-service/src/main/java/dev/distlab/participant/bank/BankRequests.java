package dev.distlab.participant.bank;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

import dev.distlab.common.problem.ProblemException;

/**
 * The internal bank endpoints' input: the limits and messages of the Bean Validation rules on {@link BankJson}'s
 * bodies, and the checks that do not fit an annotation. Every refusal is a 400 problem and changes nothing.
 */
final class BankRequests {

    static final long MAX_DELTA = 1_000_000_000_000L;
    static final int MAX_OPERATIONS = 10_000;
    static final int MAX_PARTICIPANTS = 1_000;
    /** A coordinator's or participant's name: 1-256 printable ASCII characters without spaces. */
    static final String NAME = "[\\x21-\\x7e]{1,256}";

    static final String MINOR_UNITS = "is required: an integer number of minor units";
    static final String BALANCE_RANGE = "must be between 0 and 10^15";
    static final String NAME_RULE = "must be 1-256 printable characters without spaces";
    static final String PARTICIPANTS_TOO_MANY = "has more than " + MAX_PARTICIPANTS + " entries";
    static final String OPERATIONS_REQUIRED = "is required: at least one {\"account\",\"delta\"}";
    static final String OPERATIONS_TOO_MANY = "has more than " + MAX_OPERATIONS + " entries";
    static final String OPERATION_OBJECT = "must be an object {\"account\",\"delta\"}";
    static final String DELTA_REQUIRED = "is required: an integer number of minor units";
    static final String DELTA_RANGE = "must be between -10^12 and 10^12";
    static final String CREATED_AT = "is required: the ISO-8601 instant at which the coordinator created the "
            + "transaction (e.g. 2025-01-31T12:00:00Z)";

    private static final Pattern TX_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private BankRequests() {
    }

    static ProblemException bad(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    static String txId(String txId) {
        if (txId == null || !TX_ID.matcher(txId).matches()) {
            throw bad("A transaction id is a UUID in lowercase hex (8-4-4-4-12)");
        }
        return txId;
    }

    static String snapshotId(String snapshotId) {
        if (snapshotId == null || !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            throw bad("A snapshot id is 1-64 characters of [A-Za-z0-9_-]");
        }
        return snapshotId;
    }

    static BranchState state(String state) {
        if (state == null || state.isEmpty()) {
            return null;
        }
        for (BranchState s : BranchState.values()) {
            if (s.name().equals(state)) {
                return s;
            }
        }
        throw bad("Parameter 'state' is one of PREPARED, COMMITTED, ABORTED, HEURISTIC");
    }

    /** A prepare body whose fields passed their annotations, checked as a whole and turned into a command. */
    static PrepareCommand prepare(BankJson.PrepareBody body) {
        Mode mode = body.mode() == null ? Mode.PAXOS : Mode.fromWire(body.mode());
        // only local mode asks the coordinator, so only there is the URL required; an empty one counts as none
        String url = body.coordinatorUrl() == null || body.coordinatorUrl().isEmpty() ? null : body.coordinatorUrl();
        if (url != null || mode == Mode.LOCAL) {
            checkUrl(url, mode);
        }
        List<String> participants = body.participants() == null ? List.of() : List.copyOf(body.participants());
        return new PrepareCommand(body.coordinator(), url, mode, participants, operations(body.operations()),
                createdAt(body.createdAt()));
    }

    /** When the coordinator created the transaction: an old one is refused (NO EXPIRED), so it is required. */
    private static Instant createdAt(String createdAt) {
        try {
            return Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("createdAt", CREATED_AT);
        }
    }

    /** Each account at most once: a branch locks and changes an account once. */
    private static List<PrepareCommand.Operation> operations(List<BankJson.OperationBody> operations) {
        Set<String> seen = new HashSet<>();
        List<PrepareCommand.Operation> out = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            BankJson.OperationBody op = operations.get(i);
            if (!seen.add(op.account())) {
                throw ProblemException.invalid("operations[" + i + "].account",
                        "account '" + op.account() + "' appears twice in one branch's operations");
            }
            out.add(new PrepareCommand.Operation(op.account(), op.delta()));
        }
        return List.copyOf(out);
    }

    private static void checkUrl(String url, Mode mode) {
        String problem = "must be an absolute http(s) URL" + (mode == Mode.LOCAL ? " (required in local mode)" : "");
        if (url == null || url.length() > 2048) {
            throw ProblemException.invalid("coordinatorUrl", problem);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw ProblemException.invalid("coordinatorUrl", problem);
            }
        } catch (java.net.URISyntaxException e) {
            throw ProblemException.invalid("coordinatorUrl", problem);
        }
    }
}
