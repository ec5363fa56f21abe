package dev.distlab.common.tracing;

import java.util.Set;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Boot's Zipkin export unless {@value #ENDPOINT} is set. Boot would otherwise build a sender for its
 * default {@code http://localhost:9411/api/v2/spans} and an asynchronous reporter with its own thread in every
 * service, posting spans to a server that, in most deployments, is not there. Without an endpoint, spans are created
 * as sampled (log lines still carry trace ids) and dropped when they end.
 */
public class ZipkinExportFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    /** Where spans go (Zipkin's {@code /api/v2/spans}); Spring Boot 4's name for it. */
    public static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";

    private static final Set<String> ZIPKIN_EXPORT = Set.of(
            "org.springframework.boot.zipkin.autoconfigure.ZipkinAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.brave.autoconfigure.zipkin.ZipkinWithBraveTracingAutoConfiguration");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean export = exporting(environment);
        boolean[] match = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            match[i] = export || candidates[i] == null || !ZIPKIN_EXPORT.contains(candidates[i]);
        }
        return match;
    }

    /** Whether spans are exported to Zipkin: an endpoint is configured. */
    public static boolean exporting(Environment environment) {
        String endpoint = environment == null ? null : environment.getProperty(ENDPOINT);
        return endpoint != null && !endpoint.isBlank();
    }
}
