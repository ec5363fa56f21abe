package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.distlab.verify.cluster.Http;

/**
 * Writes the keys bench/k1..k1000 with the bench's 100-byte value into the config store and into etcd before
 * the reads are measured: a read of a key never written is a 404 in the store but an empty 200 in etcd, and
 * neither is the read being compared.
 */
final class Seeder {

    private Seeder() {
    }

    static void seed(String storeUrl, String etcdUrl) throws IOException {
        Http http = new Http();
        // as many at once as the benches' 32 connections: the store commits them in batches; 8 at a time took
        // 13 s of a smoke run on its cold JVMs
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Http.Response>> writes = new ArrayList<>();
            for (int i = 1; i <= LuaScripts.KEYS; i++) {
                String key = "bench/k" + i;
                writes.add(pool.submit(() -> http.send("PUT", storeUrl + "/api/config/" + key,
                        Http.json(Map.of("value", LuaScripts.VALUE)), Map.of())));
                writes.add(pool.submit(() -> http.send("POST", etcdUrl + "/v3/kv/put",
                        Http.json(Map.of("key", base64(key), "value", base64(LuaScripts.VALUE))), Map.of())));
            }
            for (Future<Http.Response> write : writes) {
                Http.Response response = write.get();
                if (response.status() / 100 != 2) {
                    throw new IOException("writing a key to read answered " + response.status() + ": "
                            + response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the keys", e);
        } catch (ExecutionException e) {
            throw new IOException("could not write a key to read: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
