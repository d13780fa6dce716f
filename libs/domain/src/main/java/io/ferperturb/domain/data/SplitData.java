package io.ferperturb.domain.data;

/**
 * One split held as two contiguous arrays, the form trainers copy into tensors: {@code labels[i]} is the
 * class of face {@code i} and its pixels are {@code pixels[i*2304 .. (i+1)*2304)}, unsigned bytes,
 * row-major. About 2.3 kB per face, so all of FER2013's Training split is 66 MB.
 * The arrays are shared, not copied.
 */
public record SplitData(Split split, byte[] labels, byte[] pixels) {

    public SplitData {
        if ((long) labels.length * FaceImage.PIXELS != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * FaceImage.PIXELS
                    + " pixel bytes, got " + pixels.length);
        }
    }

    /** The faces of {@code split} among {@code faces}, in order (tests, benchmarks, small data sets). */
    public static SplitData of(Split split, Iterable<FaceImage> faces) {
        java.io.ByteArrayOutputStream labels = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        for (FaceImage face : faces) {
            if (face.split() == split) {
                labels.write(face.emotion());
                pixels.writeBytes(face.pixels());
            }
        }
        return new SplitData(split, labels.toByteArray(), pixels.toByteArray());
    }

    public int size() {
        return labels.length;
    }

    /** Class index 0–6 of face {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Where face {@code i}'s pixels start in {@link #pixels()}. */
    public int pixelOffset(int i) {
        return i * FaceImage.PIXELS;
    }

    /** Face {@code i} as a standalone image (copies its pixels). */
    public FaceImage face(int i) {
        byte[] copy = new byte[FaceImage.PIXELS];
        System.arraycopy(pixels, pixelOffset(i), copy, 0, FaceImage.PIXELS);
        return new FaceImage(labels[i], split, copy);
    }
}
