package dev.distlab.verify.run;

/** The run cannot start as asked (no cluster, no token, no checker): exit 2 with this message. */
public final class SetupException extends Exception {

    public SetupException(String message) {
        super(message);
    }
}
