package io.ferperturb.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service accepts, read from its sources: the HTTP port of its {@code application.properties} and
 * every configuration key it knows ({@code application.properties} and its {@code @ConfigMapping} interfaces,
 * those of service-commons and model-serving included). A service of the HTTP contract whose module does not exist yet
 * gets the contract's port and the keys every service shares.
 *
 * @param component the name the deployment files use: {@code trainer} for {@code trainer-service}
 * @param module true when the module exists in this repository
 */
record ServiceConfig(String component, int port, Set<String> keys, Set<String> required, boolean module) {

    /**
     * SmallRye JWT's keys, read by every service through service-commons (quarkus-smallrye-jwt): where the key that
     * verifies tokens is, which issuer and audiences they must name, which claim holds the roles, whether a remote
     * key set is fetched off the event loop.
     */
    static final Set<String> TOKEN_KEYS = Set.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location",
            "mp.jwt.verify.issuer", "mp.jwt.verify.audiences", "smallrye.jwt.path.groups",
            "quarkus.smallrye-jwt.blocking-authentication");

    /**
     * Kafka client settings a service with Kafka channels accepts besides kafka.bootstrap.servers: Quarkus hands
     * every kafka.* key (and KAFKA_* variable) to every channel's client, without the prefix (KafkaRuntimeConfigProducer).
     * These are the security ones the chart sets.
     */
    static final Set<String> KAFKA_SECURITY_KEYS = Set.of("kafka.security.protocol", "kafka.sasl.mechanism",
            "kafka.sasl.jaas.config", "kafka.ssl.truststore.location", "kafka.ssl.truststore.type",
            "kafka.ssl.truststore.password", "kafka.ssl.keystore.location", "kafka.ssl.keystore.type",
            "kafka.ssl.keystore.password");

    /**
     * Variables that the images read and that are no configuration keys; FER_KAFKA_SASL_PASSWORD is only there for
     * Kubernetes to expand into KAFKA_SASL_JAAS_CONFIG.
     */
    static final Set<String> NON_CONFIG_ENV = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR",
            "FER_KAFKA_SASL_PASSWORD");

    private static final Pattern CONTRACT_PORT = Pattern.compile("([a-z]+)-service (\\d{4,5})");
    private static final Map<String, ServiceConfig> ALL = Collections.unmodifiableMap(load());

    /** Every service by component name: the contract's and the repository's. */
    static Map<String, ServiceConfig> all() {
        return ALL;
    }

    static ServiceConfig of(String component) {
        ServiceConfig config = ALL.get(component);
        if (config == null) {
            throw new AssertionError("no service '" + component + "' in docs/contracts/http.md or the modules");
        }
        return config;
    }

    String moduleName() {
        return component + "-service";
    }

    /** Quarkus' environment variable for a property: every non-alphanumeric character becomes _, upper case. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether this service reads an environment variable of that name. */
    boolean knowsEnv(String name) {
        return NON_CONFIG_ENV.contains(name) || keys.stream().anyMatch(key -> envName(key).equals(name));
    }

    /** The environment variables of the keys without a default (they must be set wherever the service runs). */
    Set<String> requiredEnv() {
        Set<String> names = new TreeSet<>();
        required.forEach(key -> names.add(envName(key)));
        return names;
    }

    /** Ports of the HTTP contract: {@code perturb-service 8081, ...}. */
    static Map<String, Integer> contractPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Matcher matcher = CONTRACT_PORT.matcher(Repo.read(Repo.HTTP_CONTRACT));
        while (matcher.find()) {
            ports.putIfAbsent(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
        return ports;
    }

    static Properties applicationProperties(String module) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(
                    Repo.ROOT.resolve(module).resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Map<String, ServiceConfig> load() {
        Map<String, ServiceConfig> services = new TreeMap<>();
        Set<String> components = new TreeSet<>(contractPorts().keySet());
        try (Stream<Path> dirs = Files.list(Repo.ROOT)) {
            dirs.filter(dir -> dir.getFileName().toString().endsWith("-service"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("src/main/resources/application.properties")))
                    .forEach(dir -> components.add(dir.getFileName().toString().replaceFirst("-service$", "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String component : components) {
            services.put(component, load(component));
        }
        return services;
    }

    private static ServiceConfig load(String component) {
        String module = component + "-service";
        Set<String> keys = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        ConfigMappingKeys commons = mappings("libs/service-commons");
        if (!Files.isDirectory(Repo.ROOT.resolve(module))) {
            Integer port = contractPorts().get(component);
            keys.addAll(Set.of("quarkus.http.port", "kafka.bootstrap.servers"));
            keys.addAll(KAFKA_SECURITY_KEYS);
            keys.addAll(commons.keys());
            keys.addAll(TOKEN_KEYS);
            required.addAll(commons.required());
            return new ServiceConfig(component, port, keys, required, false);
        }
        Properties properties = applicationProperties(module);
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        if (properties.containsKey("kafka.bootstrap.servers")) {
            keys.addAll(KAFKA_SECURITY_KEYS);
        }
        String port = properties.getProperty("quarkus.http.port");
        if (port == null) {
            throw new AssertionError(module + "'s application.properties sets no quarkus.http.port");
        }
        ConfigMappingKeys own = mappings(module);
        keys.addAll(own.keys());
        required.addAll(own.required());
        String pom = Repo.read(Repo.ROOT.resolve(module).resolve("pom.xml"));
        boolean serving = pom.contains("<artifactId>model-serving</artifactId>");
        if (serving || pom.contains("<artifactId>service-commons</artifactId>")) {
            keys.addAll(commons.keys());
            keys.addAll(TOKEN_KEYS);
            required.addAll(commons.required());
        }
        if (serving) { // model-serving brings service-commons along
            ConfigMappingKeys shared = mappings("libs/model-serving");
            keys.addAll(shared.keys());
            required.addAll(shared.required());
        }
        // a key without default is still satisfied by application.properties (outside a profile)
        required.removeIf(properties.stringPropertyNames()::contains);
        return new ServiceConfig(component, Integer.parseInt(port.trim()), keys, required, true);
    }

    /** The keys of every {@code @ConfigMapping} interface in a module's sources (loaded from its jar). */
    private static ConfigMappingKeys mappings(String module) {
        Path sources = Repo.ROOT.resolve(module).resolve("src/main/java");
        ConfigMappingKeys all = new ConfigMappingKeys(new TreeSet<>(), new TreeSet<>());
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (!Repo.read(file).contains("@ConfigMapping")) {
                    continue;
                }
                String className = sources.relativize(file).toString().replace('/', '.').replaceFirst("\\.java$", "");
                Class<?> mapping;
                try {
                    mapping = Class.forName(className, false, ServiceConfig.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(className + " is not on deploy-tests' class path: add " + module
                            + " to tests/deploy/pom.xml (test scope, like the other services)", e);
                }
                ConfigMappingKeys keys = ConfigMappingKeys.of(mapping);
                all.keys().addAll(keys.keys());
                all.required().addAll(keys.required());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }
}
