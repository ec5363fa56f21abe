package dev.distlab.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import com.sun.net.httpserver.HttpServer;

import dev.distlab.common.fault.OutgoingFaults;
import dev.distlab.common.http.ServiceCalls;
import dev.distlab.common.testapp.SampleApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;

/**
 * Spans go to Zipkin only when an endpoint is configured (Boot 4's name, or Boot 3's), with no sender or reporter
 * otherwise; calls made with {@link ServiceCalls} from Spring's builder carry the caller's trace, on the caller's
 * thread and on an executor's.
 */
class PlatformTracingTest {

    /** What the fake Zipkin and the fake callee received: request lines with their traceparent, span bodies. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("traceparent")
                    + " " + body);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        server.stop(0);
    }

    @Test
    void shouldExportNothingAndRunNoReporterWithoutAnEndpoint() {
        context = start();
        assertThat(context.getBeanNamesForType(BytesMessageSender.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
        // the reporter is what owns a thread; without it none is started
        assertThat(context.getBeanNamesForType(AsyncZipkinSpanHandler.class)).isEmpty();
    }

    @Test
    void shouldExportSpansToTheConfiguredEndpointWithTheCallersTraceCarriedOn() throws Exception {
        context = start("--management.tracing.export.zipkin.endpoint=" + url("/api/v2/spans"),
                "--management.tracing.sampling.probability=1.0");
        assertThat(context.getBeanNamesForType(BytesMessageSender.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(AsyncZipkinSpanHandler.class)).hasSize(1);
        ObservationRegistry registry = context.getBean(ObservationRegistry.class);
        ServiceCalls calls = new ServiceCalls(context.getBean(RestClient.Builder.class),
                context.getBean(OutgoingFaults.class), Duration.ofSeconds(2));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Observation.createNotStarted("transfer", registry).observe(() -> {
                calls.within(Duration.ofSeconds(2)).get().uri(url("/direct")).retrieve().toBodilessEntity();
                CompletableFuture.runAsync(() -> calls.within(Duration.ofSeconds(2)).get().uri(url("/on-executor"))
                        .retrieve().toBodilessEntity(), ServiceCalls.inCallersTrace(executor)).join();
            });
        } finally {
            executor.shutdownNow();
        }
        String direct = line("/direct").split(" ")[1];
        String onExecutor = line("/on-executor").split(" ")[1];
        assertThat(direct).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(onExecutor.substring(3, 35)).as("the same trace from the executor's thread")
                .isEqualTo(direct.substring(3, 35));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.stream().noneMatch(r -> r.startsWith("/api/v2/spans") && r.contains(direct.substring(3, 35)))) {
            assertThat(System.nanoTime()).as("spans of the trace posted to Zipkin: %s", received).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void shouldTakeSpringBoot3sNameForTheEndpoint() {
        context = start("--management.zipkin.tracing.endpoint=" + url("/api/v2/spans"));
        assertThat(context.getBeanNamesForType(BytesMessageSender.class)).hasSize(1);
        assertThat(context.getEnvironment().getProperty(ZipkinExportFilter.ENDPOINT)).isEqualTo(url("/api/v2/spans"));
    }

    private ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--platform.instance-id=traced-1";
        System.arraycopy(args, 0, all, 2, args.length);
        return new SpringApplicationBuilder(SampleApplication.class).run(all);
    }

    private String line(String path) {
        return received.stream().filter(r -> r.startsWith(path + " ")).findFirst().orElseThrow();
    }

    private String url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path).toString();
    }
}
