package io.ferperturb.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal Kubernetes API on loopback for the chart's {@code lookup}: helm-java renders templates the way
 * {@code helm install --dry-run} does, which asks a cluster (the helm CLI's {@code template} does not). It
 * answers discovery for v1 and GETs of Secrets put here; anything else is 404. Surefire points KUBECONFIG at
 * the file {@link #start()} writes.
 */
final class StubKubeApi {
    private static StubKubeApi instance;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    private StubKubeApi() {
    }

    static synchronized StubKubeApi start() {
        if (instance == null) {
            StubKubeApi api = new StubKubeApi();
            api.listen();
            instance = api;
        }
        return instance;
    }

    /** Makes {@code lookup "v1" "Secret" namespace name} find a Secret with these (base64) data. */
    void putSecret(String namespace, String name, Map<String, String> base64Data) {
        StringBuilder data = new StringBuilder();
        base64Data.forEach((k, v) -> data.append(data.isEmpty() ? "" : ",").append('"').append(k).append("\":\"").append(v).append('"'));
        secrets.put(namespace + "/" + name, """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s","namespace":"%s"},"type":"Opaque","data":{%s}}"""
                .formatted(name, namespace, data));
    }

    void clear() {
        secrets.clear();
    }

    private void listen() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(null);
            server.start();
            String kubeconfig = """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: stub
                        cluster:
                          server: http://127.0.0.1:%d
                    contexts:
                      - name: stub
                        context:
                          cluster: stub
                          user: stub
                    current-context: stub
                    users:
                      - name: stub
                        user:
                          token: stub
                    """.formatted(server.getAddress().getPort());
            String file = System.getenv("KUBECONFIG");
            if (file == null) {
                throw new IllegalStateException("KUBECONFIG is not set: run these tests through Maven (tests/deploy/pom.xml sets it)");
            }
            Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
            Files.writeString(Path.of(file), kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        int status = 200;
        if (path.equals("/version")) {
            body = "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\"}";
        } else if (path.equals("/api")) {
            body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
        } else if (path.equals("/apis")) {
            body = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
        } else if (path.equals("/api/v1")) {
            body = """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                      {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]},
                      {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get","list"]}]}""";
        } else if (path.matches("/api/v1/namespaces/[^/]+/secrets/[^/]+")) {
            String[] parts = path.split("/");
            body = secrets.get(parts[4] + "/" + parts[6]);
            if (body == null) {
                status = 404;
                body = notFound(parts[6]);
            }
        } else {
            status = 404;
            body = notFound(path);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String notFound(String what) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + what
                + " not found\",\"reason\":\"NotFound\",\"code\":404}";
    }
}
