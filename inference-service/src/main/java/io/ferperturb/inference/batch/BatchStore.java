package io.ferperturb.inference.batch;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.ferperturb.domain.Json;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch in S3, below {@code s3://experiments/_predictions/batches/{id}/}: {@code status.json} (with the cursor),
 * {@code items.json} (the images, listed once at the start), {@code claims/{attempt}.json} (which replica took it
 * on), {@code parts/{first item}.jsonl} (the lines of a chunk), and at the end {@code results.jsonl} and
 * {@code results.csv}; a batch of an uploaded zip keeps its images below {@code inputs/}.
 */
@ApplicationScoped
public class BatchStore {
    static final String JSONL = "jsonl";
    static final String CSV = "csv";
    private static final CsvMapper CSV_MAPPER = new CsvMapper();

    /** The images of a batch, in the order they are answered. */
    public record Items(String bucket, List<Item> items) {
    }

    /**
     * An image: its key and size; or, with {@code error}, a file of an uploaded zip that was not stored (its name in
     * the zip, and why), answered with an error line where it stands.
     */
    public record Item(String key, long bytes, String error) {
        public Item(String key, long bytes) {
            this(key, bytes, null);
        }
    }

    /** Who took a batch on, once per attempt: the conditional write only one replica wins. */
    public record Claim(String owner, java.time.Instant at) {
    }

    private final ObjectStore store;
    private final StorageLayout layout;

    BatchStore(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public Optional<BatchStatus> status(String batchId) {
        return store.findJson(layout.batch(batchId).resolve("status.json"), BatchStatus.class);
    }

    public void putStatus(BatchStatus status) {
        store.putJson(layout.batch(status.batchId()).resolve("status.json"), status);
    }

    public Items items(String batchId) {
        return store.getJson(layout.batch(batchId).resolve("items.json"), Items.class);
    }

    public void putItems(String batchId, Items items) {
        store.putJson(layout.batch(batchId).resolve("items.json"), items);
    }

    /** True when this replica won attempt {@code attempt} of the batch. */
    public boolean claim(String batchId, int attempt, Claim claim) {
        return store.putJsonIfAbsent(layout.batch(batchId).resolve("claims/" + attempt + ".json"), claim);
    }

    /** Where the images of an uploaded zip are kept: the batch's {@code inputs/} folder. */
    public S3Uri inputs(String batchId) {
        return layout.batch(batchId).resolve("inputs/");
    }

    /** Stores an image of an uploaded zip below {@link #inputs}; returns its key. */
    public String putInput(String batchId, String name, byte[] content) {
        S3Uri at = inputs(batchId).resolve(name);
        String type = java.net.URLConnection.guessContentTypeFromName(name);
        store.put(at, content, type == null ? "application/octet-stream" : type);
        return at.key();
    }

    public byte[] image(Items items, Item item) {
        return store.get(S3Uri.of(items.bucket(), item.key()));
    }

    /** The lines of the items from {@code first} on, as one part file (rewritten whole when a chunk is redone). */
    public void putPart(String batchId, int first, List<BatchLine> lines) {
        StringBuilder out = new StringBuilder();
        lines.forEach(line -> out.append(Json.write(line)).append('\n'));
        store.put(part(batchId, first), out.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
    }

    private S3Uri part(String batchId, int first) {
        return layout.batch(batchId).resolve("parts/" + String.format("%09d", first) + ".jsonl");
    }

    /** Every line of the parts of items below {@code done}, in item order. */
    public List<BatchLine> lines(String batchId, int done) {
        S3Uri parts = layout.batch(batchId).resolve("parts/");
        List<BatchLine> lines = new ArrayList<>();
        for (String key : store.list(parts)) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            if (Integer.parseInt(name.substring(0, name.indexOf('.'))) >= done) {
                continue; // a part written after the cursor was last saved: redone, and not counted twice
            }
            String text = new String(store.get(S3Uri.of(parts.bucket(), key)), StandardCharsets.UTF_8);
            text.lines().filter(l -> !l.isBlank())
                    .forEach(l -> lines.add(Json.read(l.getBytes(StandardCharsets.UTF_8), BatchLine.class)));
        }
        return lines;
    }

    /** {@code results.jsonl} and {@code results.csv} from the lines: one row per face or error. */
    public void putResults(String batchId, List<String> classes, List<BatchLine> lines) {
        StringBuilder jsonl = new StringBuilder();
        lines.forEach(line -> jsonl.append(Json.write(line)).append('\n'));
        store.put(results(batchId, JSONL), jsonl.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        store.put(results(batchId, CSV), csv(classes, lines), "text/csv");
    }

    public InputStream openResults(String batchId, String format) {
        return store.open(results(batchId, format));
    }

    private S3Uri results(String batchId, String format) {
        return layout.batch(batchId).resolve("results." + format);
    }

    /** Columns: item, face, x, y, w, h, emotion, a probability per class, error. */
    static byte[] csv(List<String> classes, List<BatchLine> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SequenceWriter rows = CSV_MAPPER.writer().writeValues(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            List<String> header = new ArrayList<>(List.of("item", "face", "x", "y", "w", "h", "emotion"));
            header.addAll(classes);
            header.add("error");
            rows.write(header);
            for (BatchLine line : lines) {
                rows.write(row(classes, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<String> row(List<String> classes, BatchLine line) {
        List<String> row = new ArrayList<>();
        row.add(line.item());
        row.add(line.face() == null ? "" : line.face().toString());
        for (int i = 0; i < 4; i++) {
            row.add(line.box() == null ? "" : String.valueOf(line.box()[i]));
        }
        row.add(line.emotion() == null ? "" : line.emotion());
        Map<String, Double> p = line.probabilities();
        for (String c : classes) {
            row.add(p == null || p.get(c) == null ? "" : p.get(c).toString());
        }
        row.add(line.error() == null ? "" : line.error());
        return row;
    }
}
