package dev.distlab.gateway.health;

/** Why a request to an upstream failed, in the words the logs use. */
public enum FailureKind {

    /** The connection could not be opened (refused, unreachable, connect timeout): nothing was sent. */
    CONNECT("connect failure"),
    /** The upstream did not answer in time. */
    TIMEOUT("timeout"),
    /** The connection broke after it was opened (reset, closed before an answer). */
    IO("connection error"),
    /** The upstream answered with a server error that says the instance itself is in trouble. */
    SERVER_ERROR("server error");

    private final String words;

    FailureKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
