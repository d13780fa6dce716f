package io.ferperturb.deploy;

import ai.djl.engine.Engine;
import io.ferperturb.models.Djl;

/** What a service does at start, run by NativeLibraryExtractorTest in a child JVM: load the engine DJL finds. */
public final class LoadEngine {
    private LoadEngine() {
    }

    public static void main(String[] args) {
        Engine engine = Djl.engine();
        System.out.println("loaded " + engine.getEngineName() + " " + engine.getVersion());
    }
}
