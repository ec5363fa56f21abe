package dev.distlab.participant.replication.identity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;

/** How a sender reports that a peer refused it (409): the peer's reason in words, at most every ten seconds. */
public final class PeerRefusals {

    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final int MAX_RAW = 300;

    private final Logger log;
    private final RateLimitedLog rateLimit = RateLimitedLog.everyTenSeconds();

    public PeerRefusals(Logger log) {
        this.log = log;
    }

    /** Logs that {@code peer} refused {@code what}, with the reason from its answer; returns the reason. */
    public String refusedBy(int peer, String what, String body) {
        String reason = describe(body);
        long suppressed = rateLimit.admit("refused by " + peer);
        if (suppressed >= 0) {
            log.warn("Replica {} refused this replica's {}: {}{}", peer, what, reason,
                    suppressed > 0 ? " (" + suppressed + " more refusals since the last such line)" : "");
        }
        return reason;
    }

    /** The problem's detail, or the start of the body when it has none. */
    public static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "(no reason given)";
        }
        Matcher matcher = DETAIL.matcher(body);
        if (matcher.find()) {
            return matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return body.length() > MAX_RAW ? body.substring(0, MAX_RAW) + "..." : body;
    }
}
