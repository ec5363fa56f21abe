package dev.distlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RoutedPathsTest {

    private final RoutedPaths<String> routes = new RoutedPaths<>(routes());

    private static Map<String, String> routes() {
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("/api/node", "participants");
        routes.put("/api/config/**", "participants");
        routes.put("/api/accounts", "coordinators");
        routes.put("/api/accounts/**", "coordinators");
        return routes;
    }

    @Test
    void shouldMatchExactPathsAndSubtreesWithTheirRoot() {
        assertThat(routes.find("/api/node")).isEqualTo("participants");
        assertThat(routes.find("/api/config")).isEqualTo("participants");
        assertThat(routes.find("/api/config/app/db.url")).isEqualTo("participants");
        assertThat(routes.find("/api/accounts/alice")).isEqualTo("coordinators");
        assertThat(routes.find("/api/nodes")).isNull();
        assertThat(routes.find("/api/node/x")).isNull();
        assertThat(routes.find("/api/configuration")).isNull();
        assertThat(routes.find("/api/gateway/routes")).isNull();
    }

    @Test
    void shouldMatchEverySpellingOfARoutedPathAsTheContainerWould() {
        assertThat(routes.find("/api/%6eode")).isEqualTo("participants");
        assertThat(routes.find("/api/gateway/../node")).isEqualTo("participants");
        assertThat(routes.find("/api//node")).isEqualTo("participants");
        assertThat(routes.find("/api/node;jsessionid=1")).isEqualTo("participants");
        assertThat(routes.find("/api/./config/a/%2e%2e/b")).isEqualTo("participants");
    }

    @Test
    void shouldLeavePathsTheContainerRefusesToTheContainer() {
        assertThat(RoutedPaths.normalized("/../api/node")).isEmpty();
        assertThat(RoutedPaths.normalized("/api/%zz")).isEmpty();
        assertThat(RoutedPaths.normalized("/api%2Fnode")).isEmpty();
        assertThat(routes.find("/api%2Fnode")).isNull();
    }

    @Test
    void shouldRefuseRoutedPathsThatAreNotInNormalForm() {
        assertThat(RoutedPaths.refusal("/api/config/a/b")).isEmpty();
        assertThat(RoutedPaths.refusal("/api/config/a.b/c")).isEmpty();
        assertThat(RoutedPaths.refusal("/api/config/a/%2e%2e/b")).hasValueSatisfying(
                p -> assertThat(p.getProblem().getDetail()).contains("Dot segments"));
        assertThat(RoutedPaths.refusal("/api/config/./b")).isPresent();
        assertThat(RoutedPaths.refusal("/api/config/a//b")).hasValueSatisfying(
                p -> assertThat(p.getProblem().getDetail()).contains("Empty path segments"));
        assertThat(RoutedPaths.refusal("/api/node;x=1")).hasValueSatisfying(
                p -> assertThat(p.getProblem().getStatus()).isEqualTo(400));
    }
}
