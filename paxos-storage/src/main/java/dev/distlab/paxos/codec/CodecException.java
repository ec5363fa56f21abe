package dev.distlab.paxos.codec;

/** Bytes that do not decode: from a peer running something else, or damaged on the way. */
public class CodecException extends RuntimeException {

    public CodecException(String message) {
        super(message);
    }
}
