package dev.distlab.common.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; answered with 413. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long maxBytes) {
        super("Request body exceeds the limit of " + maxBytes + " bytes");
    }

    /** This exception among the causes of {@code e} (wrapped by JSON readers or HTTP clients), or null. */
    public static PayloadTooLargeException findIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
