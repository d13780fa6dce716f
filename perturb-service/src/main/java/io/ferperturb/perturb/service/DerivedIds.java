package io.ferperturb.perturb.service;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.event.Events;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids of derived datasets: {@code {source}-{kind}-{digest}}, the digest (8 hex digits of a SHA-256) over the
 * source's id and content digest and every input of the derivation. The id stays a valid dataset id
 * ({@link Events#DATASET_ID}, at most 63 characters): a long source id is shortened, the digest keeps it unique.
 */
final class DerivedIds {
    private static final int MAX_LENGTH = 63;

    private DerivedIds() {
    }

    static String of(DatasetManifest source, String kind, String... inputs) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        digest.update(bytes(source.datasetId()));
        digest.update(bytes(source.sha256() == null ? "" : source.sha256()));
        for (String input : inputs) {
            digest.update(bytes(input));
        }
        String suffix = "-" + kind + "-" + HexFormat.of().formatHex(digest.digest(), 0, 4);
        String base = source.datasetId();
        if (base.length() + suffix.length() > MAX_LENGTH) {
            base = base.substring(0, MAX_LENGTH - suffix.length()).replaceAll("-+$", "");
        }
        return base + suffix;
    }

    /** The bytes of a part, with a separator no part contains, so ("ab", "c") and ("a", "bc") differ. */
    private static byte[] bytes(String part) {
        return (part + "\u0000").getBytes(StandardCharsets.UTF_8);
    }
}
