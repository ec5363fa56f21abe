package dev.distlab.common.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; answered with 413. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long maxBytes) {
        super("Request body exceeds the limit of " + maxBytes + " bytes");
    }
}
