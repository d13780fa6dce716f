package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibtorchOnCpuTest {

    @Test
    void onlyACudaBuildNotChosenByHandIsRedirected() {
        assertTrue(CudaLibtorchOnCpu.needed("cu124", null));
        assertTrue(CudaLibtorchOnCpu.needed("cu124", " "));
        assertFalse(CudaLibtorchOnCpu.needed("cpu", null), "the CPU build loads as it is");
        assertFalse(CudaLibtorchOnCpu.needed("cu124", "/opt/libtorch"), "a libtorch chosen by hand is kept");
    }

    @Test
    void theLinkedDirectoryHoldsEveryLibraryButTheDriverOnlyOneAndTheJniLibrary(@TempDir Path temp) throws IOException {
        Path extracted = Files.createDirectories(temp.resolve("2.5.1-20241113-cu124-linux-x86_64"));
        for (String name : List.of("libtorch.so", "libtorch_cuda.so", "libc10_cuda.so", "libcaffe2_nvrtc.so",
                "0.32.0-libdjl_torch.so")) {
            Files.writeString(extracted.resolve(name), name);
        }
        Path view = temp.resolve("view");
        CudaLibtorchOnCpu.linkWithoutDriverOnlyLibrary(extracted, view);
        CudaLibtorchOnCpu.linkWithoutDriverOnlyLibrary(extracted, view); // a second service on the same machine

        assertEquals(List.of("libc10_cuda.so", "libtorch.so", "libtorch_cuda.so"), names(view));
        assertEquals("libtorch_cuda.so", Files.readString(view.resolve("libtorch_cuda.so")), "links to the extracted file");
        assertTrue(Files.isSymbolicLink(view.resolve("libtorch.so")), "links, not copies of ~4 GB");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
