package io.ferperturb.domain.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The binary layout of one emotion-shards file: the 8-byte ASCII magic {@code EMOSHRD1}, the record count
 * and the record size as big-endian int32, then fixed-size records of 1 label byte (0–6) and 2,304 pixel
 * bytes. Fixed records let a trainer copy a shard into contiguous arrays without parsing. Shards are
 * named {@code shards/{Usage}-{nnnnn}.bin}.
 */
public final class ShardFormat {
    public static final String FORMAT = "emotion-shards";
    public static final int VERSION = 1;
    public static final byte[] MAGIC = "EMOSHRD1".getBytes(StandardCharsets.US_ASCII);
    public static final int HEADER_BYTES = MAGIC.length + 4 + 4;
    public static final int RECORD_BYTES = 1 + FaceImage.PIXELS;
    public static final int DEFAULT_RECORDS_PER_SHARD = 4096;
    /** A shard must fit in one Java array. */
    public static final int MAX_RECORDS_PER_SHARD = (Integer.MAX_VALUE - 64 - HEADER_BYTES) / RECORD_BYTES;

    private ShardFormat() {
    }

    /** {@code shards/Training-00000.bin} for the first Training shard. */
    public static String shardName(Split split, int index) {
        return String.format("shards/%s-%05d.bin", split.usage(), index);
    }

    /** File size of a shard holding {@code records} records. */
    public static long shardBytes(long records) {
        return HEADER_BYTES + records * RECORD_BYTES;
    }

    static void writeHeader(byte[] shard, int records) {
        ByteBuffer.wrap(shard).put(MAGIC).putInt(records).putInt(RECORD_BYTES);
    }

    /** Lower-case hex SHA-256 of {@code bytes[0, length)}. */
    static String sha256Hex(byte[] bytes, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
