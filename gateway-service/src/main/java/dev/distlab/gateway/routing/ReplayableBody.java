package dev.distlab.gateway.routing;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.ServerRequest;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.web.PayloadTooLargeException;

/**
 * Reads a request's body once into memory so that the proxy can send it again to another instance: the
 * servlet input stream can be read only once. Bounded by the body size limit ({@code platform.max-body-bytes},
 * 1 MiB): the platform's body size filter has already refused a larger Content-Length, and its wrapped stream
 * throws {@link PayloadTooLargeException} while this reads a chunked body past the limit, so a body too large is
 * refused with 413 before any instance sees a byte of it.
 */
final class ReplayableBody {

    private ReplayableBody() {
    }

    /**
     * The request with its body buffered: every {@code getInputStream()} of its servlet request starts again from
     * the first byte. A request without a body is returned as it is.
     */
    static ServerRequest of(ServerRequest request) throws PayloadTooLargeException {
        if (!hasBody(request)) {
            return request;
        }
        byte[] body;
        try {
            body = request.servletRequest().getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            throw e;
        } catch (IOException e) {
            // the client went away or sent a broken body: its fault, and no instance was involved
            throw new ProblemException(HttpStatus.BAD_REQUEST, "The request body could not be read: "
                    + UpstreamFailure.describe(e));
        }
        return ServerRequest.create(new ReplayingRequest(request.servletRequest(), body),
                request.messageConverters());
    }

    private static boolean hasBody(ServerRequest request) {
        HttpHeaders headers = request.headers().asHttpHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** A servlet request whose body is the buffered bytes, from the start on each {@code getInputStream()}. */
    private static final class ReplayingRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayingRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BytesInputStream(body);
        }
    }

    private static final class BytesInputStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BytesInputStream(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the buffered body is read blocking");
        }
    }
}
