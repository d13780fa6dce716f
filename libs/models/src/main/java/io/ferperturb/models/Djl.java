package io.ferperturb.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** DJL set-up shared by every service: offline always, and the device choice. */
public final class Djl {
    static {
        // A wrong setup must fail fast instead of trying to download libtorch.
        System.setProperty("ai.djl.offline", "true");
    }

    /** The device choice of data-parallel training on every visible GPU, never on the CPU. */
    public static final String ALL_GPUS = "gpu:all";

    private Djl() {
    }

    /** Loads the PyTorch engine (idempotent) and returns it. */
    public static Engine engine() {
        CudaLibtorchOnCpu.prepare();
        return Engine.getEngine("PyTorch");
    }

    /**
     * {@code auto}: the first GPU when DJL sees one, else the CPU; {@code cpu}; or {@code gpu}/{@code gpu:N}.
     */
    public static Device device(String choice) {
        Engine engine = engine();
        if (choice == null || choice.isBlank() || "auto".equals(choice)) {
            return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        return Device.fromName(choice, engine);
    }

    /**
     * libtorch's autograd switch is per thread and starts switched on in every new thread; DJL turns it
     * off only on the thread that loaded the engine. Call this before inference or an optimiser step on
     * any other thread: otherwise forward passes record graphs, and in-place updates of parameters fail.
     */
    public static void noGradientsOnThisThread() {
        if (engine() instanceof ai.djl.pytorch.engine.PtEngine) {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }

    /**
     * libtorch's intra-op thread count for this thread's operations (OpenMP keeps it per thread). libtorch also
     * makes it the count of threads that first use it afterwards, so call it on every thread that should differ.
     * On machines with more cores, several workers with a few threads each can beat one worker with all of
     * them (no fork-join across every core per operator); {@code ./run.sh bench infer --workers} measures it.
     */
    public static void intraOpThreadsOnThisThread(int threads) {
        if (threads > 0 && engine() instanceof ai.djl.pytorch.engine.PtEngine) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }

    /**
     * The devices of data-parallel training (each step's batch is shared between them): {@code auto} takes every GPU
     * DJL sees (the CPU when it sees none); {@code gpu:all} too, but fails without a GPU; any other choice is the one
     * device of {@link #device}.
     */
    public static Device[] devices(String choice) {
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        if (ALL_GPUS.equals(choice)) {
            if (gpus == 0) {
                throw new IllegalStateException("device '" + ALL_GPUS + "' asks for every GPU, but none is visible");
            }
            return engine.getDevices(gpus);
        }
        if ((choice == null || "auto".equals(choice)) && gpus > 1) {
            return engine.getDevices(gpus);
        }
        return new Device[] {device(choice)};
    }

    /**
     * A batch of {@code n} one-channel {@code side}×{@code side} images ({@code values} in NCHW order) as
     * the (n, 1, side, side) array every model takes. On the CPU the array is a channels-last view of the
     * same bytes (for one channel the two layouts hold the values in the same order): libtorch then keeps
     * every activation channels-last and runs oneDNN's convolutions and its vectorised batch-norm and
     * max-pool kernels without converting layouts (figures: tools/bench/RESULTS.md).
     * Values, gradients and results are those of the plain layout. A single image keeps the plain layout: there
     * libtorch picks other kernels, slower ones for resnet18's input gradient. GPUs get the plain layout too
     * (not measured).
     */
    public static NDArray images(NDManager manager, float[] values, int n, int side) {
        if (n == 1 || manager.getDevice().isGpu()) {
            return manager.create(values, new Shape(n, 1, side, side));
        }
        return manager.create(values, new Shape(n, side, side, 1)).transpose(0, 3, 1, 2);
    }
}
