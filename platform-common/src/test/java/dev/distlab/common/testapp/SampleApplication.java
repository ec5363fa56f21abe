package dev.distlab.common.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.security.ProtectedEndpoint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A tiny service on the shared library, to test the conventions as a client sees them. */
@SpringBootApplication
public class SampleApplication {

    @Bean
    ProtectedEndpoint adminWrites() {
        return new ProtectedEndpoint(HttpMethod.PUT, "/api/items/**");
    }

    record Item(@NotBlank String name, @Min(0) @Max(1000) int weight) {
    }

    @RestController
    @Validated
    static class ItemController {

        @PostMapping("/api/items")
        ResponseEntity<Item> create(@Valid @RequestBody Item item) {
            return ResponseEntity.status(HttpStatus.CREATED).body(item);
        }

        @org.springframework.web.bind.annotation.PutMapping("/api/items/{name}")
        Item replace(@PathVariable @Pattern(regexp = "[a-z]+") String name, @Valid @RequestBody Item item) {
            return item;
        }

        @GetMapping("/api/items/{name}")
        Item get(@PathVariable String name) {
            if (name.equals("missing")) {
                throw new ProblemException(HttpStatus.NOT_FOUND, "No item named missing");
            }
            if (name.equals("boom")) {
                throw new IllegalStateException("secret internal detail");
            }
            return new Item(name, 1);
        }

        @GetMapping("/internal/ping")
        String internalPing() {
            return "pong";
        }

        @PostMapping("/internal/bytes")
        String internalBytes(@org.springframework.web.bind.annotation.RequestBody byte[] body) {
            return String.valueOf(body.length);
        }
    }
}
