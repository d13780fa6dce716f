package io.ferperturb.models;

import io.ferperturb.models.arch.DenseNet121Factory;
import io.ferperturb.models.arch.Dpn26Factory;
import io.ferperturb.models.arch.GatedArchitectureFactory;
import io.ferperturb.models.arch.ResMaskingFactory;
import io.ferperturb.models.arch.ResNet18Factory;
import io.ferperturb.models.arch.ResNet50Factory;
import io.ferperturb.models.arch.Vgg16Factory;
import io.ferperturb.models.arch.Vgg16GapFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architectures this build can train and serve, by name. Besides the registered ones, every classifier
 * {@code x} has an attention model {@code attention-x} ({@link GatedArchitectureFactory}); of those only
 * {@code attention-cnn} is listed.
 */
public final class Architectures {
    private static final Map<String, ArchitectureFactory> FACTORIES = new LinkedHashMap<>();

    static {
        register(new SmallCnnFactory());
        register(new Vgg16Factory());
        register(new ResNet18Factory());
        register(new Dpn26Factory());
        register(new DenseNet121Factory());
        register(new GatedArchitectureFactory(new SmallCnnFactory()));
        register(new Vgg16GapFactory());
        register(new ResNet50Factory());
        register(new ResMaskingFactory());
    }

    private Architectures() {
    }

    private static void register(ArchitectureFactory factory) {
        FACTORIES.put(factory.name(), factory);
    }

    /** @throws UnknownArchitectureException naming the known ones */
    public static ArchitectureFactory get(String name) {
        ArchitectureFactory factory = FACTORIES.get(name);
        if (factory == null && name != null && name.startsWith(GatedArchitectureFactory.PREFIX)) {
            ArchitectureFactory classifier = FACTORIES.get(name.substring(GatedArchitectureFactory.PREFIX.length()));
            if (classifier != null && !(classifier instanceof GatedArchitectureFactory)) {
                factory = new GatedArchitectureFactory(classifier);
            }
        }
        if (factory == null) {
            throw new UnknownArchitectureException(name, FACTORIES.keySet());
        }
        return factory;
    }

    public static Iterable<String> names() {
        return FACTORIES.keySet();
    }
}
