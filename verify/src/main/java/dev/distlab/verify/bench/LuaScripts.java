package dev.distlab.verify.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The wrk scripts: the same shape of load for the config store and etcd (100-byte values, random keys out of
 * 1000), and the bank's transfers and deposits on given accounts. Each wrk thread seeds its own random stream:
 * identical streams would make the threads hit the same keys and accounts at the same moment.
 */
final class LuaScripts {

    static final int KEYS = 1000;
    static final String VALUE = "v".repeat(100);

    private static final String PER_THREAD = """
            local threads = {}
            function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
            function init(args) math.randomseed(os.time() * 100 + id); codes = {} end
            """;

    /** Counts answers by status in every thread and prints one line, STATUS 201x812,409x3, read by WrkParser. */
    private static final String COUNT_STATUSES = """
            function response(status, headers, body) codes[status] = (codes[status] or 0) + 1 end
            function done(summary, latency, requests)
              local by = {}
              for _, t in ipairs(threads) do
                for status, n in pairs(t:get("codes")) do by[status] = (by[status] or 0) + n end
              end
              local parts = {}
              for status, n in pairs(by) do table.insert(parts, status .. "x" .. n) end
              table.sort(parts)
              io.write("STATUS " .. table.concat(parts, ",") .. "\\n")
            end
            """;

    private LuaScripts() {
    }

    static String storePut() {
        return PER_THREAD + """
                request = function()
                  return wrk.format("PUT", "/api/config/bench/k" .. math.random(%d),
                    {["Content-Type"]="application/json"}, '{"value":"%s"}')
                end
                """.formatted(KEYS, VALUE);
    }

    static String storeGet() {
        return PER_THREAD + """
                request = function() return wrk.format("GET", "/api/config/bench/k" .. math.random(%d)) end
                """.formatted(KEYS);
    }

    /** etcd's HTTP/JSON gateway takes keys and values in base64; they are computed here, not per request. */
    static String etcdPut() {
        return PER_THREAD + etcdKeys() + """
                request = function()
                  return wrk.format("POST", "/v3/kv/put", {["Content-Type"]="application/json"},
                    '{"key":"' .. keys[math.random(#keys)] .. '","value":"%s"}')
                end
                """.formatted(Seeder.base64(VALUE));
    }

    static String etcdGet() {
        return PER_THREAD + etcdKeys() + """
                request = function()
                  return wrk.format("POST", "/v3/kv/range", {["Content-Type"]="application/json"},
                    '{"key":"' .. keys[math.random(#keys)] .. '"}')
                end
                """;
    }

    /** Moves 1 between an account of each list, in a random direction. */
    static String transfer(List<String> onFirst, List<String> onSecond) {
        return PER_THREAD + "local a = " + table(onFirst) + "\nlocal b = " + table(onSecond) + "\n" + """
                request = function()
                  local from, to = a[math.random(#a)], b[math.random(#b)]
                  if math.random(2) == 1 then from, to = to, from end
                  return wrk.format("POST", "/api/transfers", {["Content-Type"]="application/json"},
                    '{"from":"' .. from .. '","to":"' .. to .. '","amount":1}')
                end
                """ + COUNT_STATUSES;
    }

    /** Adds 1 to one account of the list: a transaction with one branch. */
    static String deposit(List<String> accounts) {
        return PER_THREAD + "local a = " + table(accounts) + "\n" + """
                request = function()
                  return wrk.format("POST", "/api/transactions", {["Content-Type"]="application/json"},
                    '{"operations":[{"account":"' .. a[math.random(#a)] .. '","delta":1}]}')
                end
                """ + COUNT_STATUSES;
    }

    static Path write(Path dir, String name, String script) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), script, StandardCharsets.UTF_8);
    }

    private static String etcdKeys() {
        List<String> keys = IntStream.rangeClosed(1, KEYS).mapToObj(i -> Seeder.base64("bench/k" + i)).toList();
        return "local keys = " + table(keys) + "\n";
    }

    private static String table(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "{", "}"));
    }
}
