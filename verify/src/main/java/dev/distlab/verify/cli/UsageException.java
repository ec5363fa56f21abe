package dev.distlab.verify.cli;

/** Bad command line: the message says what was wrong; the CLI prints it with the usage and exits 2. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
