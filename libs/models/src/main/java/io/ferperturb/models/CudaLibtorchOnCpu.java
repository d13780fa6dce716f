package io.ferperturb.models;

import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Lets a service packaged with the CUDA build of libtorch ({@code -Pcuda}) run where no GPU is visible.
 *
 * <p>The CUDA build runs on the CPU too, but DJL loads a bundled libtorch only when its flavour matches the machine:
 * without a GPU it looks for the CPU build instead, tries to download it and, offline, fails. So, before the engine
 * loads, this points DJL at the bundled CUDA build ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_VERSION},
 * {@code PYTORCH_FLAVOR}), through a directory of links that leaves out {@value #DRIVER_ONLY_LIBRARY}: DJL loads
 * every library it finds, and that one needs the NVIDIA driver's {@code libcuda.so.1} (it compiles GPU kernels at
 * run time; nothing on the CPU uses it). A libtorch chosen by hand ({@code PYTORCH_LIBRARY_PATH}) is left alone.
 */
final class CudaLibtorchOnCpu {
    static final String DRIVER_ONLY_LIBRARY = "libcaffe2_nvrtc.so";
    private static final Logger LOG = Logger.getLogger(CudaLibtorchOnCpu.class);
    private static volatile boolean prepared;

    private CudaLibtorchOnCpu() {
    }

    /** Idempotent; call before DJL loads the engine. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        URL nativeUrl = CudaLibtorchOnCpu.class.getClassLoader().getResource(NativeLibraryExtractor.NATIVE_PROPERTIES);
        if (nativeUrl == null) {
            return;
        }
        Properties bundled = load(nativeUrl);
        String flavor = bundled.getProperty("flavor", "").trim();
        if (!needed(flavor, Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"))) {
            return;
        }
        int gpus = CudaUtils.getGpuCount();
        if (gpus > 0) {
            return;
        }
        try {
            Path engineCache = Utils.getEngineCacheDir("pytorch");
            String version = bundled.getProperty("version").trim();
            Path extracted = engineCache.resolve(version + '-' + flavor + '-' + bundled.getProperty("classifier").trim());
            if (!Files.exists(extracted.resolve("libtorch.so"))) {
                NativeLibraryExtractor.extract(engineCache);
            }
            Path view = linkWithoutDriverOnlyLibrary(extracted,
                    Utils.getCacheDir().resolve("libtorch-without-driver").resolve(extracted.getFileName()));
            System.setProperty("PYTORCH_LIBRARY_PATH", view.toString());
            System.setProperty("PYTORCH_VERSION", version);
            System.setProperty("PYTORCH_FLAVOR", flavor);
            LOG.infof("CUDA libtorch %s (%s) bundled, no GPU visible: loading it from %s to run on the CPU",
                    version, flavor, extracted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the CUDA libtorch for the CPU", e);
        }
    }

    /** Whether DJL needs pointing at the bundled build: a CUDA build, and no libtorch chosen by hand. */
    static boolean needed(String bundledFlavor, String libraryPathOverride) {
        return bundledFlavor.startsWith("cu") && (libraryPathOverride == null || libraryPathOverride.isBlank());
    }

    /**
     * Fills {@code view} with links to every library in {@code extracted} but {@value #DRIVER_ONLY_LIBRARY} (and
     * DJL's JNI library, which DJL takes from the engine cache itself). Links already there are kept: services on
     * one machine share the directory.
     */
    static Path linkWithoutDriverOnlyLibrary(Path extracted, Path view) throws IOException {
        Files.createDirectories(view);
        try (Stream<Path> libraries = Files.list(extracted)) {
            for (Path library : libraries.toList()) {
                String name = library.getFileName().toString();
                Path link = view.resolve(name);
                if (!name.equals(DRIVER_ONLY_LIBRARY) && !name.endsWith(NativeLibraryExtractor.JNI_LIBRARY)
                        && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createSymbolicLink(link, library.toAbsolutePath());
                    } catch (FileAlreadyExistsException raced) {
                        // another service made it meanwhile
                    }
                }
            }
        }
        return view;
    }

    private static Properties load(URL url) {
        Properties props = new Properties();
        try (InputStream in = url.openStream()) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + url + " failed", e);
        }
        return props;
    }
}
