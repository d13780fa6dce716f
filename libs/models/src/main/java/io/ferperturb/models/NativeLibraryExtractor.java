package io.ferperturb.models;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Container-image build step: puts libtorch where DJL looks for it, so that no service extracts (or
 * downloads) native libraries when it starts. Run with the application's class path and
 * {@code ENGINE_CACHE_DIR} (or {@code DJL_CACHE_DIR}) set, as the Dockerfiles do:
 *
 * <pre>
 * java -cp 'lib/boot/*:lib/main/*' io.ferperturb.models.NativeLibraryExtractor [--no-load] [--slim-native-jar]
 * </pre>
 *
 * <ul>
 *   <li>default: extracts the libraries of the {@code pytorch-native-*} jar on the class path into
 *       {@code <engine cache>/pytorch/<version>-<flavor>-<classifier>/} (DJL's own layout), then loads the engine
 *       through {@link Djl#engine()} and prints its version: the image is proven to run libtorch.
 *   <li>{@code --no-load}: extraction only, for the CUDA build (image builders usually have no GPU, and without one
 *       the engine would only prove that it runs on the CPU: {@link CudaLibtorchOnCpu}).
 *   <li>{@code --slim-native-jar}: afterwards replaces the native jar by one that holds only its
 *       {@code native/lib/pytorch.properties} (what DJL reads to find the extracted copy), so an image does not
 *       carry libtorch twice (≈430 MB CPU, ≈2.3 GB CUDA).
 * </ul>
 */
public final class NativeLibraryExtractor {
    static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    static final String ENGINE_PROPERTIES = "pytorch-engine.properties";
    static final String JNI_LIBRARY = "libdjl_torch.so";

    private NativeLibraryExtractor() {
    }

    public static void main(String[] args) throws IOException {
        List<String> options = List.of(args);
        for (String option : options) {
            if (!option.equals("--no-load") && !option.equals("--slim-native-jar")) {
                System.err.println("usage: NativeLibraryExtractor [--no-load] [--slim-native-jar]");
                System.exit(2);
            }
        }
        Path engineCache = Utils.getEngineCacheDir("pytorch");
        Extracted extracted = extract(engineCache);
        System.out.println("libtorch " + extracted.version() + " (" + extracted.flavor() + ") in " + extracted.dir());
        if (!options.contains("--no-load")) {
            Engine engine = Djl.engine();
            System.out.println(engine.getEngineName() + " engine " + engine.getVersion() + " loaded, "
                    + engine.getGpuCount() + " GPU(s) visible");
        }
        if (options.contains("--slim-native-jar")) {
            if (extracted.jar() == null) {
                throw new IllegalStateException("libtorch is not in a jar: nothing to slim");
            }
            slim(extracted.jar());
            System.out.println("slimmed " + extracted.jar());
        }
    }

    /** What {@link #extract} wrote, and the jar it came from. */
    public record Extracted(Path dir, String version, String flavor, Path jar) {
    }

    /**
     * Copies libtorch and DJL's JNI library from the class path into {@code engineCache}, in the layout that
     * DJL's {@code LibUtils} looks for before it extracts anything itself: {@code <version>-<flavor>-<classifier>/}
     * with the libraries named in {@code native/lib/pytorch.properties} and {@code <djl version>-libdjl_torch.so}.
     */
    public static Extracted extract(Path engineCache) throws IOException {
        ClassLoader loader = NativeLibraryExtractor.class.getClassLoader();
        URL nativeUrl = loader.getResource(NATIVE_PROPERTIES);
        if (nativeUrl == null) {
            throw new IllegalStateException("no pytorch-native-* jar on the class path (" + NATIVE_PROPERTIES + ")");
        }
        Properties nativeProps = load(nativeUrl);
        Properties engineProps = load(require(loader.getResource(ENGINE_PROPERTIES), ENGINE_PROPERTIES));
        String version = required(nativeProps, "version");
        String flavor = required(nativeProps, "flavor");
        String classifier = required(nativeProps, "classifier");
        String djlVersion = required(engineProps, "djl_version");
        List<String> libraries = List.of(required(nativeProps, "libraries").split(","));

        Path dir = engineCache.resolve(version + '-' + flavor + '-' + classifier);
        Files.createDirectories(engineCache);
        Path tmp = Files.createTempDirectory(engineCache, "extract");
        try {
            for (String library : libraries) {
                copy(loader, List.of("pytorch/" + flavor + '/' + classifier + '/' + library, "native/lib/" + library),
                        tmp.resolve(library));
            }
            copy(loader, List.of("jnilib/" + classifier + '/' + flavor + '/' + JNI_LIBRARY),
                    tmp.resolve(djlVersion + '-' + JNI_LIBRARY));
            deleteRecursively(dir);
            // temporary files are private to their creator; the service runs as another user
            makeReadable(tmp, true);
            try (Stream<Path> files = Files.list(tmp)) {
                for (Path file : files.toList()) {
                    makeReadable(file, false);
                }
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(tmp);
        }
        return new Extracted(dir, version, flavor, jarOf(nativeUrl));
    }

    /** Rewrites {@code jar} keeping only its manifest and {@code native/lib/pytorch.properties}. */
    public static void slim(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.getParent(), "slim", ".jar");
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (String name : List.of("META-INF/MANIFEST.MF", NATIVE_PROPERTIES)) {
                ZipEntry entry = in.getEntry(name);
                if (entry == null) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(name));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        makeReadable(tmp, false);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void makeReadable(Path path, boolean directory) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    private static void copy(ClassLoader loader, List<String> candidates, Path target) throws IOException {
        for (String resource : candidates) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in != null) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IllegalStateException("not on the class path: " + String.join(" or ", candidates));
    }

    /** The jar holding {@code resource}, or null when it is not in a jar. */
    private static Path jarOf(URL resource) {
        String url = resource.toString();
        if (!url.startsWith("jar:file:") || !url.contains("!/")) {
            return null;
        }
        try {
            return Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + url, e);
        }
    }

    private static Properties load(URL url) throws IOException {
        Properties props = new Properties();
        try (InputStream in = url.openStream()) {
            props.load(in);
        }
        return props;
    }

    private static URL require(URL url, String what) {
        if (url == null) {
            throw new IllegalStateException("not on the class path: " + what);
        }
        return url;
    }

    private static String required(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing '" + key + "' in DJL's properties");
        }
        return value.trim();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
