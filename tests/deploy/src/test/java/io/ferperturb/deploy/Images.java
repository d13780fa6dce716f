package io.ferperturb.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The services' Dockerfiles: {@code <service>/src/main/docker/Dockerfile.jvm} (and the trainer's Dockerfile.cuda). */
final class Images {
    private Images() {
    }

    static Path dockerfile(ServiceConfig service, String flavour) {
        return Repo.ROOT.resolve(service.moduleName()).resolve("src/main/docker/Dockerfile." + flavour);
    }

    /** Services whose module exists (and so must have an image). */
    static List<ServiceConfig> built() {
        return ServiceConfig.all().values().stream().filter(ServiceConfig::module).toList();
    }

    /** DJL's writable cache in the images (the same in all of them; DockerfileTest checks). */
    static String djlCacheDir() {
        Set<String> dirs = new TreeSet<>();
        for (ServiceConfig service : built()) {
            String dir = Dockerfile.read(dockerfile(service, "jvm")).last().env().get("DJL_CACHE_DIR");
            if (dir != null) {
                dirs.add(dir);
            }
        }
        if (dirs.size() != 1) {
            throw new AssertionError("the images disagree on DJL_CACHE_DIR: " + dirs);
        }
        return dirs.iterator().next();
    }

    /** Topics the services consume or produce, dead-letter topics included (from application.properties). */
    static Set<String> topicsOfTheServices() {
        Set<String> topics = new TreeSet<>();
        for (ServiceConfig service : built()) {
            ServiceConfig.applicationProperties(service.moduleName()).forEach((key, value) -> {
                String k = key.toString();
                if (k.startsWith("mp.messaging.") && (k.endsWith(".topic") || k.endsWith(".dead-letter-queue.topic"))) {
                    topics.add(value.toString().trim());
                }
            });
        }
        return topics;
    }
}
