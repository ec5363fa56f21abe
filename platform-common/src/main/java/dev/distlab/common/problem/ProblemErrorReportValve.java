package dev.distlab.common.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import dev.distlab.common.web.InstanceIdFilter;

/**
 * Tomcat's own error page, for requests it refuses before any filter or servlet sees them (an encoded
 * {@code /} or {@code \} or NUL in the path, a malformed request line): problem+json instead of HTML.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final String instanceId;

    public ProblemErrorReportValve(String instanceId) {
        this.instanceId = instanceId;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String type = known != null ? "urn:problem:" + known.name().toLowerCase().replace('_', '-') : "about:blank";
        String detail = status == 400
                ? "The request was refused before it reached the service: its path or headers are malformed "
                        + "(for example an encoded '/', '\\' or NUL in the path)"
                : title;
        String body = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\") + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(InstanceIdFilter.HEADER, instanceId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was already committed: nothing more to say
        }
    }
}
