package io.ferperturb.serving.faces;

/**
 * A face's rectangle in image pixels. {@code score} is the detector's confidence: how many cascade windows agreed
 * on it (Haar), or the face probability (BlazeFace); 0 when not detected.
 */
public record FaceBox(int x, int y, int width, int height, double score) {

    /** The whole image as one face. */
    public static FaceBox whole(int width, int height) {
        return new FaceBox(0, 0, width, height, 0);
    }

    /** {@code [x, y, w, h]}, as the HTTP contract writes a box. */
    public int[] toArray() {
        return new int[] {x, y, width, height};
    }

    long area() {
        return (long) width * height;
    }

    long intersection(FaceBox o) {
        long w = Math.min(x + width, o.x + o.width) - Math.max(x, o.x);
        long h = Math.min(y + height, o.y + o.height) - Math.max(y, o.y);
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** Intersection over union. */
    public double iou(FaceBox o) {
        long inter = intersection(o);
        long union = area() + o.area() - inter;
        return union == 0 ? 0 : inter / (double) union;
    }

    /** Intersection over union above {@code maxIoU}. */
    boolean overlaps(FaceBox o, double maxIoU) {
        return iou(o) > maxIoU;
    }

    /** More than {@code fraction} of the (smaller) other box lies inside this one. */
    boolean mostlyContains(FaceBox o, double fraction) {
        return intersection(o) > fraction * o.area();
    }
}
