package io.ferperturb.domain.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an image sits in the common FER image-folder layout decides its split and class:
 * {@code <split>/<class>/<image>}, optionally under one top-level folder (how archives are usually
 * made). Folder names are matched in any case. Hidden files, macOS archive metadata and files that are
 * not images (README, Thumbs.db) are ignored.
 */
final class ImageFolderLayout {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

    private static final Map<String, Split> SPLIT_FOLDERS = Map.of(
            "train", Split.TRAINING, "training", Split.TRAINING,
            "val", Split.PUBLIC_TEST, "valid", Split.PUBLIC_TEST, "validation", Split.PUBLIC_TEST,
            "publictest", Split.PUBLIC_TEST,
            "test", Split.PRIVATE_TEST, "privatetest", Split.PRIVATE_TEST);

    /** What a path means: a labelled image, a file to skip, or a problem to report. */
    sealed interface Placement permits Image, Ignored, Misplaced {
    }

    record Image(Split split, Emotion emotion) implements Placement {
    }

    record Ignored() implements Placement {
    }

    record Misplaced(String reason) implements Placement {
    }

    private ImageFolderLayout() {
    }

    /** {@code relativePath} uses '/' separators (zip entry names, or a directory walk's relative path). */
    static Placement place(String relativePath) {
        List<String> segments = new ArrayList<>();
        for (String segment : relativePath.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty() || segments.stream().anyMatch(s -> s.startsWith(".") || s.equals("__MACOSX"))) {
            return new Ignored();
        }
        String fileName = segments.get(segments.size() - 1);
        if (!IMAGE_EXTENSIONS.contains(extension(fileName))) {
            return new Ignored();
        }
        if (segments.size() != 3 && segments.size() != 4) {
            return new Misplaced("image is not in a <split>/<class>/ folder (expected e.g. train/happy/"
                    + fileName + ", optionally under one top-level folder)");
        }
        String splitFolder = segments.get(segments.size() - 3);
        String classFolder = segments.get(segments.size() - 2);
        Split split = SPLIT_FOLDERS.get(splitFolder.toLowerCase(Locale.ROOT));
        if (split == null) {
            return new Misplaced("unknown split folder '" + splitFolder
                    + "' (expected train, test, or val/validation/publictest)");
        }
        for (Emotion emotion : Emotion.values()) {
            if (emotion.label().equalsIgnoreCase(classFolder)) {
                return new Image(split, emotion);
            }
        }
        return new Misplaced("unknown class folder '" + classFolder + "' (expected one of "
                + String.join(", ", Emotion.labels()) + ")");
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
