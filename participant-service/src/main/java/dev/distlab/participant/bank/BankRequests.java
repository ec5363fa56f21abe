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

/** Checks of the internal bank endpoints' input; every refusal is a 400 problem and changes nothing. */
final class BankRequests {

    static final long MAX_DELTA = 1_000_000_000_000L;
    static final int MAX_OPERATIONS = 10_000;
    static final int MAX_PARTICIPANTS = 1_000;

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TX_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,256}");

    private BankRequests() {
    }

    static ProblemException bad(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail);
    }

    static String accountId(String id) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw bad("An account id is 1-64 characters of [A-Za-z0-9_-]");
        }
        return id;
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

    static long balance(Long balance) {
        if (balance == null) {
            throw bad("Field 'balance' is required: an integer number of minor units");
        }
        if (balance < 0 || balance > BankService.MAX_BALANCE) {
            throw bad("Field 'balance' must be between 0 and 10^15");
        }
        return balance;
    }

    static PrepareCommand prepare(BankJson.PrepareBody body) {
        if (body == null) {
            throw bad("A prepare needs a JSON body with 'operations'");
        }
        Mode mode = body.mode() == null ? Mode.PAXOS : Mode.fromWire(body.mode());
        if (mode == null) {
            throw bad("Field 'mode' is \"paxos\" or \"local\"");
        }
        String coordinator = body.coordinator();
        if (coordinator != null && !NAME.matcher(coordinator).matches()) {
            throw bad("Field 'coordinator' is 1-256 printable characters without spaces");
        }
        // only local mode asks the coordinator, so only there is the URL required; an empty one counts as none
        String url = body.coordinatorUrl() == null || body.coordinatorUrl().isEmpty() ? null : body.coordinatorUrl();
        if (url != null || mode == Mode.LOCAL) {
            checkUrl(url, mode);
        }
        List<String> participants = body.participants() == null ? List.of() : body.participants();
        if (participants.size() > MAX_PARTICIPANTS) {
            throw bad("Field 'participants' has more than " + MAX_PARTICIPANTS + " entries");
        }
        for (String p : participants) {
            if (p == null || !NAME.matcher(p).matches()) {
                throw bad("Each entry of 'participants' is 1-256 printable characters without spaces");
            }
        }
        List<PrepareCommand.Operation> operations = operations(body.operations());
        return new PrepareCommand(coordinator, url, mode, List.copyOf(participants), operations,
                createdAt(body.createdAt()));
    }

    /** When the coordinator created the transaction: an old one is refused (NO EXPIRED), so it is required. */
    private static Instant createdAt(String createdAt) {
        String problem = "Field 'createdAt' is required: the ISO-8601 instant at which the coordinator created the "
                + "transaction (e.g. 2025-01-31T12:00:00Z)";
        if (createdAt == null || createdAt.length() > 64) {
            throw bad(problem);
        }
        try {
            return Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw bad(problem);
        }
    }

    private static List<PrepareCommand.Operation> operations(List<BankJson.OperationBody> operations) {
        if (operations == null || operations.isEmpty()) {
            throw bad("Field 'operations' is required: at least one {\"account\",\"delta\"}");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw bad("Field 'operations' has more than " + MAX_OPERATIONS + " entries");
        }
        Set<String> seen = new HashSet<>();
        List<PrepareCommand.Operation> out = new ArrayList<>();
        for (BankJson.OperationBody op : operations) {
            if (op == null) {
                throw bad("An operation is an object {\"account\",\"delta\"}");
            }
            String account = accountId(op.account());
            if (op.delta() == null) {
                throw bad("Each operation needs 'delta': an integer number of minor units");
            }
            if (op.delta() < -MAX_DELTA || op.delta() > MAX_DELTA) {
                throw bad("An operation's 'delta' must be between -10^12 and 10^12");
            }
            if (!seen.add(account)) {
                throw bad("Account '" + account + "' appears twice in one branch's operations");
            }
            out.add(new PrepareCommand.Operation(account, op.delta()));
        }
        return List.copyOf(out);
    }

    private static void checkUrl(String url, Mode mode) {
        String problem = "Field 'coordinatorUrl' must be an absolute http(s) URL"
                + (mode == Mode.LOCAL ? " (required in local mode)" : "");
        if (url == null || url.length() > 2048) {
            throw bad(problem);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw bad(problem);
            }
        } catch (java.net.URISyntaxException e) {
            throw bad(problem);
        }
    }
}
