package io.ferperturb.models;

import ai.djl.nn.Block;

/**
 * Builds the DJL block of one architecture. Any service rebuilds a checkpoint's block from its
 * {@code model.json} through the factory named there, then loads the parameters into it.
 */
public interface ArchitectureFactory {
    /** The name used in events and {@code model.json}, e.g. {@code cnn}. */
    String name();

    /** A fresh, uninitialised block classifying {@code classes} emotions from 1×side×side input. */
    Block newBlock(int classes);
}
