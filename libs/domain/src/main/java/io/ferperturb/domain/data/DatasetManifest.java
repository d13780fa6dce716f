package io.ferperturb.domain.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferperturb.domain.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} at the root of an emotion-shards dataset: what the dataset is, how many faces
 * each split and class holds, and every shard with its size and SHA-256, so a reader can verify each
 * shard before trusting it.
 *
 * <p>{@code sha256} identifies the dataset content as a whole: the SHA-256 of the shards' lower-case hex
 * digests concatenated (as ASCII, no separators) in manifest order, shards listed by split
 * (Training, PublicTest, PrivateTest) and then by name ({@link #datasetDigest(List)}). It changes when any
 * shard's content or the order of records changes, and can be recomputed from the manifest alone.
 *
 * <p>JSON: written with {@link Json#MAPPER} (nulls left out), read ignoring unknown fields so later
 * versions may add fields. To add a field: add a component here, and set it in
 * {@link ShardWriter#finish} or through a {@code withX} copy method — those are the only places that call
 * the canonical constructor.
 *
 * @param variant         original, perturbed or occluded (null when not said)
 * @param parentDatasetId the dataset this one was derived from (null for an original)
 * @param groupSize       Training images per group (null or 1: every image stands alone): a perturbed dataset
 *                        stores each image's copies as one group of adjacent records, never split across shards,
 *                        so a trainer can batch whole groups ({@link #trainingGroupSize()})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetManifest(
        String format,
        int formatVersion,
        String datasetId,
        List<String> classes,
        List<Integer> imageShape,
        int recordBytes,
        Map<String, Long> counts,
        Map<String, Map<String, Long>> countsByClass,
        List<Shard> shards,
        String sha256,
        String variant,
        String parentDatasetId,
        Instant createdAt,
        Integer groupSize) {

    /** Object name of the manifest, relative to the dataset's prefix. */
    public static final String FILE_NAME = "manifest.json";
    public static final List<Integer> IMAGE_SHAPE = List.of(1, FaceImage.SIDE, FaceImage.SIDE);

    /**
     * One shard file.
     *
     * @param split   its Usage (Training, PublicTest, PrivateTest)
     * @param records number of faces in it
     * @param bytes   file size: header plus records
     * @param sha256  lower-case hex SHA-256 of the whole file
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Shard(String name, String split, int records, long bytes, String sha256) {
    }

    /** Describes a freshly written dataset: format, version, shape and digest filled in. */
    public static DatasetManifest describe(String datasetId, DatasetCounts counts, List<Shard> shards,
                                           String variant, String parentDatasetId, Instant createdAt) {
        return describe(datasetId, counts, shards, variant, parentDatasetId, createdAt, 1);
    }

    /** {@link #describe(String, DatasetCounts, List, String, String, Instant)} with Training in groups. */
    public static DatasetManifest describe(String datasetId, DatasetCounts counts, List<Shard> shards,
                                           String variant, String parentDatasetId, Instant createdAt,
                                           int groupSize) {
        return new DatasetManifest(ShardFormat.FORMAT, ShardFormat.VERSION, datasetId, Emotion.labels(),
                IMAGE_SHAPE, ShardFormat.RECORD_BYTES, counts.counts(), counts.countsByClass(),
                List.copyOf(shards), datasetDigest(shards), variant, parentDatasetId, createdAt,
                groupSize == 1 ? null : groupSize);
    }

    public static DatasetManifest fromJson(byte[] json) {
        try {
            DatasetManifest manifest = Json.MAPPER.readValue(json, DatasetManifest.class);
            if (manifest == null) {
                throw new IOException("the file holds JSON null");
            }
            return manifest;
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read the dataset manifest",
                    DatasetProblem.inFile(FILE_NAME, "not a valid manifest (" + e.getMessage() + ")"));
        }
    }

    /** Pretty-printed UTF-8 JSON, as stored next to the shards. */
    public byte[] toJson() {
        return Json.writeBytes(this);
    }

    /** The dataset digest over {@code shards} in the given order (see the class comment). */
    public static String datasetDigest(List<Shard> shards) {
        MessageDigest digest = ShardFormat.sha256();
        for (Shard shard : shards) {
            digest.update(shard.sha256().getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The shards of one split, in manifest order. */
    public List<Shard> shardsOf(Split split) {
        return shards.stream().filter(s -> split.usage().equals(s.split())).toList();
    }

    /** Training images per group: the field, or 1 when a manifest does not say (ordinary datasets). */
    @JsonIgnore
    public int trainingGroupSize() {
        return groupSize == null ? 1 : groupSize;
    }

    /** The counts as the shared counts type (for HTTP responses and events). */
    @JsonIgnore
    public DatasetCounts datasetCounts() {
        return new DatasetCounts(counts, countsByClass);
    }

    public DatasetManifest withVariant(String newVariant) {
        return new DatasetManifest(format, formatVersion, datasetId, classes, imageShape, recordBytes, counts,
                countsByClass, shards, sha256, newVariant, parentDatasetId, createdAt, groupSize);
    }

    public DatasetManifest withParentDatasetId(String newParentDatasetId) {
        return new DatasetManifest(format, formatVersion, datasetId, classes, imageShape, recordBytes, counts,
                countsByClass, shards, sha256, variant, newParentDatasetId, createdAt, groupSize);
    }

    /**
     * Checks that this manifest describes a dataset this code can read and is consistent in itself
     * (shard sizes, counts and the dataset digest agree); shard contents are checked when read.
     *
     * @throws DatasetFormatException listing every inconsistency found
     */
    public void validate() {
        List<DatasetProblem> problems = new ArrayList<>();
        if (!ShardFormat.FORMAT.equals(format)) {
            problems.add(problem("format is '" + format + "', expected '" + ShardFormat.FORMAT + "'"));
        }
        if (formatVersion != ShardFormat.VERSION) {
            problems.add(problem("formatVersion " + formatVersion + " is not supported (this reader knows "
                    + ShardFormat.VERSION + ")"));
        }
        if (recordBytes != ShardFormat.RECORD_BYTES) {
            problems.add(problem("recordBytes is " + recordBytes + ", expected " + ShardFormat.RECORD_BYTES));
        }
        if (!IMAGE_SHAPE.equals(imageShape)) {
            problems.add(problem("imageShape is " + imageShape + ", expected " + IMAGE_SHAPE));
        }
        if (!Emotion.labels().equals(classes)) {
            problems.add(problem("classes are " + classes + ", expected " + Emotion.labels()));
        }
        if (groupSize != null && groupSize < 1) {
            problems.add(problem("groupSize must be at least 1, got " + groupSize));
        } else if (shards == null) {
            problems.add(problem("the shard list is missing"));
        } else {
            validateShards(problems);
        }
        if (!problems.isEmpty()) {
            throw new DatasetFormatException("invalid dataset manifest",
                    problems.subList(0, Math.min(problems.size(), DatasetFormatException.MAX_PROBLEMS)));
        }
    }

    private void validateShards(List<DatasetProblem> problems) {
        Map<String, Long> recordsPerSplit = new LinkedHashMap<>();
        for (Shard shard : shards) {
            String unsafe = SafeNames.problemWith(shard.name());
            if (unsafe != null) {
                problems.add(problem("shard " + unsafe));
                continue;
            }
            String where = "shard " + shard.name() + ": ";
            try {
                Split.ofUsage(shard.split());
            } catch (IllegalArgumentException e) {
                problems.add(problem(where + e.getMessage()));
            }
            if (shard.records() < 0 || shard.records() > ShardFormat.MAX_RECORDS_PER_SHARD) {
                problems.add(problem(where + "record count " + shard.records() + " is out of range"));
            } else if (shard.bytes() != ShardFormat.shardBytes(shard.records())) {
                problems.add(problem(where + "size " + shard.bytes() + " does not fit " + shard.records()
                        + " records (expected " + ShardFormat.shardBytes(shard.records()) + ")"));
            }
            if (shard.sha256() == null || !shard.sha256().matches("[0-9a-f]{64}")) {
                problems.add(problem(where + "sha256 must be 64 lower-case hex digits"));
            }
            if (Split.TRAINING.usage().equals(shard.split()) && shard.records() % trainingGroupSize() != 0) {
                problems.add(problem(where + shard.records() + " records split a group of " + trainingGroupSize()));
            }
            recordsPerSplit.merge(String.valueOf(shard.split()), (long) shard.records(), Long::sum);
        }
        if (counts != null) {
            for (Split split : Split.values()) {
                long declared = counts.getOrDefault(split.usage(), 0L);
                long inShards = recordsPerSplit.getOrDefault(split.usage(), 0L);
                if (declared != inShards) {
                    problems.add(problem("counts say " + split.usage() + " has " + declared
                            + " faces, its shards hold " + inShards));
                }
            }
        }
        if (problems.isEmpty() && sha256 != null && !sha256.equals(datasetDigest(shards))) {
            problems.add(problem("sha256 does not match the shards' digests"));
        }
    }

    private static DatasetProblem problem(String reason) {
        return DatasetProblem.inFile(FILE_NAME, reason);
    }
}
