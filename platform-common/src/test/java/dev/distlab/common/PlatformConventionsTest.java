package dev.distlab.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.distlab.common.testapp.SampleApplication;

@SpringBootTest(classes = SampleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "platform.instance-id=sample-7", "platform.cluster-token=s3cret",
                "spring.application.name=sample-service" })
class PlatformConventionsTest {

    private static final String VALID = "{\"name\":\"a\",\"weight\":5}";

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void shouldAnswerGoodRequestWithInstanceIdHeader() throws Exception {
        HttpResponse<String> response = send("POST", "/api/items", VALID, "application/json");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Instance-Id")).hasValue("sample-7");
    }

    @Test
    void shouldAnswerUnknownPathWith404Problem() throws Exception {
        HttpResponse<String> response = send("GET", "/no/such/thing", null, null);
        assertProblem(response, 404, "/no/such/thing");
        assertThat(response.body()).contains("No endpoint GET /no/such/thing");
    }

    @Test
    void shouldAnswerWrongMethodWith405Problem() throws Exception {
        assertProblem(send("DELETE", "/api/items", null, null), 405, "/api/items");
    }

    @Test
    void shouldAnswerWrongContentTypeWith415Problem() throws Exception {
        assertProblem(send("POST", "/api/items", VALID, "text/plain"), 415, "/api/items");
    }

    @Test
    void shouldRejectMalformedJsonWith400Problem() throws Exception {
        HttpResponse<String> response = send("POST", "/api/items", "{\"name\": \"a\",", "application/json");
        assertProblem(response, 400, "/api/items");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at [Source");
    }

    @Test
    void shouldRejectUnknownFieldWith400ProblemNamingIt() throws Exception {
        HttpResponse<String> response = send("POST", "/api/items", "{\"name\":\"a\",\"weight\":1,\"colour\":\"red\"}",
                "application/json");
        assertProblem(response, 400, "/api/items");
        assertThat(response.body()).contains("colour");
    }

    @Test
    void shouldRejectWrongTypesWith400Problem() throws Exception {
        assertProblem(send("POST", "/api/items", "{\"name\":\"a\",\"weight\":\"heavy\"}", "application/json"), 400,
                "/api/items");
        assertProblem(send("POST", "/api/items", "{\"name\":\"a\",\"weight\":1.5}", "application/json"), 400,
                "/api/items");
        assertProblem(send("POST", "/api/items", "[1,2]", "application/json"), 400, "/api/items");
        // a quoted number is text, not a number (actuator still reads its bodies as text, so numbers may be)
        assertProblem(send("POST", "/api/items", "{\"name\":\"a\",\"weight\":\"5\"}", "application/json"), 400,
                "/api/items");
        assertProblem(send("POST", "/api/items", "", "application/json"), 400, "/api/items");
    }

    @Test
    void shouldRejectInvalidValuesWith400ProblemNamingTheField() throws Exception {
        HttpResponse<String> response = send("POST", "/api/items", "{\"name\":\"\",\"weight\":5000}",
                "application/json");
        assertProblem(response, 400, "/api/items");
        assertThat(response.body()).contains("name").contains("weight");
    }

    @Test
    void shouldRejectInvalidPathVariableWith400Problem() throws Exception {
        assertProblem(send("PUT", "/api/items/UPPER", VALID, "application/json", true), 400, "/api/items/UPPER");
    }

    @Test
    void shouldRejectBodyOverOneMebibyteWith413() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(1024 * 1024) + "\",\"weight\":1}";
        assertProblem(send("POST", "/api/items", huge, "application/json"), 413, "/api/items");
    }

    @Test
    void shouldAllowLargerBodiesOnTokenProtectedInternalEndpointsOnly() throws Exception {
        String big = "x".repeat(3 * 1024 * 1024);
        assertThat(send("POST", "/internal/bytes", big, "application/octet-stream").statusCode()).isEqualTo(401);
        HttpResponse<String> accepted = send("POST", "/internal/bytes", big, "application/octet-stream", true);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo(String.valueOf(big.length()));
    }

    @Test
    void shouldRejectChunkedBodyOverOneMebibyteWith413() throws Exception {
        byte[] huge = ("{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\",\"weight\":1}").getBytes();
        // a publisher of unknown length makes the client send the body chunked, without Content-Length
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge));
        HttpRequest request = HttpRequest.newBuilder(uri("/api/items")).header("Content-Type", "application/json")
                .POST(chunked).build();
        assertProblem(http.send(request, BodyHandlers.ofString()), 413, "/api/items");
    }

    @Test
    void shouldAcceptBodyJustUnderTheLimit() throws Exception {
        String name = "x".repeat(1024 * 1024 - 30);
        HttpResponse<String> response = send("POST", "/api/items", "{\"name\":\"" + name + "\",\"weight\":1}",
                "application/json");
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void shouldAnswerServiceProblemsAsThrown() throws Exception {
        HttpResponse<String> response = send("GET", "/api/items/missing", null, null);
        assertProblem(response, 404, "/api/items/missing");
        assertThat(response.body()).contains("No item named missing");
    }

    @Test
    void shouldHideInternalsOfUnexpectedErrors() throws Exception {
        HttpResponse<String> response = send("GET", "/api/items/boom", null, null);
        assertProblem(response, 500, "/api/items/boom");
        assertThat(response.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }

    @Test
    void shouldRequireTokenOnInternalEndpoints() throws Exception {
        HttpResponse<String> response = send("GET", "/internal/ping", null, null);
        assertProblem(response, 401, "/internal/ping");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        assertProblem(send("GET", "/internal//ping", null, null), 401, null);
        assertProblem(send("GET", "/%69nternal/ping", null, null), 401, null);
        assertThat(sendWithToken("GET", "/internal/ping", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(sendWithToken("GET", "/internal/ping", "Bearer s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRequireTokenOnDeclaredAdminWritesOnly() throws Exception {
        assertProblem(send("PUT", "/api/items/abc", VALID, "application/json"), 401, "/api/items/abc");
        assertThat(send("GET", "/api/items/abc", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldExposeOnlyHealthInfoAndPrometheusWithoutToken() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null, null).body()).contains("jvm_memory_used_bytes");
        assertThat(send("GET", "/actuator/info", null, null).body()).contains("\"id\":\"sample-7\"");
        for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/metrics", "/actuator//env",
                "/actuator/configprops" }) {
            assertProblem(send("GET", path, null, null), 401, null);
        }
        assertThat(sendWithToken("GET", "/actuator/env", "Bearer s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerRequestsTheContainerRefusesWithProblemJson() throws Exception {
        for (String path : new String[] { "/api/items/a%2Fb", "/api/items/a%5Cb", "/api/items/a%00b" }) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().allValues("X-Instance-Id")).containsExactly("sample-7");
            assertThat(response.body()).contains("\"status\":400").contains("\"detail\"").doesNotContain("<html");
        }
    }

    @Test
    void shouldDescribeTheApiWithOpenApi() throws Exception {
        HttpResponse<String> docs = send("GET", "/v3/api-docs", null, null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("\"openapi\"").contains("/api/items");
        assertThat(send("GET", "/swagger-ui/index.html", null, null).statusCode()).isEqualTo(200);
    }

    private void assertProblem(HttpResponse<String> response, int status, String instance) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().allValues("X-Instance-Id")).containsExactly("sample-7");
        assertThat(response.body()).contains("\"status\":" + status).contains("\"title\"").contains("\"type\"")
                .contains("\"detail\"").doesNotContain("\tat ");
        if (instance != null) {
            assertThat(response.body()).contains("\"instance\":\"" + instance + "\"");
        }
    }

    @Test
    void shouldArmAndDisarmCrashPointsThroughTheActuatorWithTheTokenOnly() throws Exception {
        String path = "/actuator/crashpoints/sample.point";
        assertThat(send("POST", path, "{\"hits\":2}", "application/json").statusCode()).isEqualTo(401);
        HttpResponse<String> armed = send("POST", path, "{\"hits\":2}", "application/json", true);
        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(armed.body()).contains("\"sample.point\":2");
        assertThat(send("POST", "/actuator/crashpoints/Bad%20Name", "{}", "application/json", true).statusCode())
                .isEqualTo(400);
        HttpResponse<String> disarmed = send("DELETE", path, null, null, true);
        assertThat(disarmed.statusCode()).isEqualTo(200);
        assertThat(disarmed.body()).doesNotContain("sample.point");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType)
            throws IOException, InterruptedException {
        return send(method, path, body, contentType, false);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, boolean token)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (token) {
            builder.header("Authorization", "Bearer s3cret");
        }
        return http.send(builder.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> sendWithToken(String method, String path, String authorization)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .method(method, BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

}
