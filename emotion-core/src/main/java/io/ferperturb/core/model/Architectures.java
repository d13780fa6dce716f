package io.ferperturb.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The architectures this build can train and serve, by name. */
public final class Architectures {
    private static final Map<String, ArchitectureFactory> FACTORIES = new LinkedHashMap<>();

    static {
        register(new SmallCnnFactory());
    }

    private Architectures() {
    }

    private static void register(ArchitectureFactory factory) {
        FACTORIES.put(factory.name(), factory);
    }

    /** @throws UnknownArchitectureException naming the known ones */
    public static ArchitectureFactory get(String name) {
        ArchitectureFactory factory = FACTORIES.get(name);
        if (factory == null) {
            throw new UnknownArchitectureException(name, FACTORIES.keySet());
        }
        return factory;
    }

    public static Iterable<String> names() {
        return FACTORIES.keySet();
    }
}
