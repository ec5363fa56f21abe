package dev.distlab.gateway.routing;

import dev.distlab.common.problem.ProblemException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Where the answer to one client request goes: the client's connection. Every method is called in
 * {@link #eventLoop()}, the connection's own thread. Exactly one of these ends the answer: {@link #problem}, a
 * {@link #relayContent} of the last content, or {@link #cutShort}.
 */
interface ClientSink {

    EventLoop eventLoop();

    /** Answers with the gateway's own problem+json (no instance, upstream failed, bad request, fault injected). */
    void problem(ProblemException problem);

    /** Starts relaying an upstream's answer: its status line and headers. */
    void relayHead(HttpResponse head);

    /** Relays a piece of the answer's body; the last one ends the answer. Takes over the content's buffer. */
    void relayContent(HttpContent content);

    /** Ends an answer that broke off midway: what was relayed is flushed, and the connection closed. */
    void cutShort();

    /** Whether the connection takes more without buffering: when not, the upstream is paused until it does. */
    boolean isWritable();

    /** Runs {@code resume} once when the connection becomes writable again. */
    void whenWritable(Runnable resume);

    /** Runs {@code cancel} if the client goes away before the answer ends (replacing any earlier one). */
    void whenGone(Runnable cancel);
}
