package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' build step, run as the Dockerfiles run it (a JVM with the application's class path and
 * ENGINE_CACHE_DIR): libtorch lands where DJL looks, and a later JVM with the slimmed jar loads it offline
 * without extracting or downloading anything.
 */
class NativeLibraryExtractorTest {
    static final Path CLASSPATH_FILE = Path.of("target/test-classpath.txt");

    @Test
    void theServiceLoadsLibtorchExtractedAtBuildTimeFromASlimmedJar(@TempDir Path tmp) throws Exception {
        Path engines = tmp.resolve("engines");
        List<String> classpath = classpathWithOwnNativeJar(tmp.resolve("lib"));
        Path nativeJar = Path.of(classpath.get(0));

        String build = java(classpath, Map.of("ENGINE_CACHE_DIR", engines.toString()),
                "io.ferperturb.models.NativeLibraryExtractor", "--slim-native-jar");
        assertTrue(build.contains("PyTorch engine 2.5.1 loaded"), build);
        try (ZipFile slim = new ZipFile(nativeJar.toFile())) {
            assertEquals(2, slim.size(), "the slimmed jar keeps its manifest and native/lib/pytorch.properties");
            assertTrue(slim.getEntry("native/lib/pytorch.properties") != null);
        }
        Map<Path, FileTime> extracted = snapshot(engines);
        assertTrue(extracted.keySet().stream().anyMatch(p -> p.endsWith("libtorch_cpu.so")), "libtorch extracted: " + extracted.keySet());
        assertTrue(extracted.keySet().stream().anyMatch(p -> p.getFileName().toString().endsWith("-libdjl_torch.so")), "DJL's JNI library");

        Path djlCache = tmp.resolve("djl-cache");
        Files.createDirectories(djlCache);
        String start = java(classpath, Map.of("ENGINE_CACHE_DIR", engines.toString(), "DJL_CACHE_DIR", djlCache.toString()),
                LoadEngine.class.getName());
        assertTrue(start.contains("loaded PyTorch 2.5.1"), start);
        assertEquals(extracted, snapshot(engines), "nothing extracted again at start");
        try (Stream<Path> written = Files.list(djlCache)) {
            assertEquals(List.of(), written.toList(), "nothing written to DJL_CACHE_DIR at start");
        }
    }

    @Test
    void noLoadOnlyExtracts(@TempDir Path tmp) throws Exception {
        Path engines = tmp.resolve("engines");
        String out = java(classpath(), Map.of("ENGINE_CACHE_DIR", engines.toString()), "io.ferperturb.models.NativeLibraryExtractor", "--no-load");
        assertFalse(out.contains("loaded"), out);
        assertTrue(snapshot(engines).keySet().stream().anyMatch(p -> p.endsWith("libtorch.so")), out);
    }

    /** The test class path with the pytorch-native jar first, as a link (or copy) that may be slimmed. */
    private static List<String> classpathWithOwnNativeJar(Path lib) throws IOException {
        Files.createDirectories(lib);
        List<String> classpath = new ArrayList<>();
        for (String entry : classpath()) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().startsWith("pytorch-native-")) {
                Path own = lib.resolve(path.getFileName());
                try {
                    Files.createLink(own, path);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(path, own);
                }
                classpath.add(0, own.toString());
            } else {
                classpath.add(entry);
            }
        }
        assertTrue(classpath.get(0).contains("pytorch-native-"), "no pytorch-native jar on the test class path");
        return classpath;
    }

    private static List<String> classpath() {
        try {
            List<String> entries = new ArrayList<>(List.of(Files.readString(CLASSPATH_FILE).strip().split(File.pathSeparator)));
            entries.add(Path.of("target/test-classes").toAbsolutePath().toString());
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("run through Maven: " + CLASSPATH_FILE + " is written by maven-dependency-plugin", e);
        }
    }

    private static String java(List<String> classpath, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", String.join(File.pathSeparator, classpath)));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DJL_CACHE_DIR");
        builder.environment().remove("ENGINE_CACHE_DIR");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", args) + " failed:\n" + output);
        return output;
    }

    private static Map<Path, FileTime> snapshot(Path dir) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file), Files.getLastModifiedTime(file));
            }
        }
        return files;
    }
}
