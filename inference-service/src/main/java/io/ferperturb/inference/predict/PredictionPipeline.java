package io.ferperturb.inference.predict;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.domain.data.TenCrop;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.ModelCard;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceFinder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Image bytes to one emotion distribution per face: decode (size checked from the header), find faces, crop
 * and preprocess each exactly as training does, forward through the dynamic batcher (a model trained on
 * 40×40 crops: the mean over each face's TenCrop), sum the logits of the ensemble's members and (with
 * {@code tta}) of the cluster-masked copies, softmax. Plain Java, so the benchmark runs this very path.
 */
public final class PredictionPipeline {
    static final long ANSWER_TIMEOUT_S = 60;

    private final ImageDecoder decoder;
    private final FaceFinder finder;
    private final int maxFacesPerImage;
    private final DynamicBatcher batcher;
    private final Function<ModelCard, RegionMasker> masks;
    private final IntConsumer facesPerImage;

    public PredictionPipeline(ImageDecoder decoder, FaceFinder finder, int maxFacesPerImage, DynamicBatcher batcher,
            Function<ModelCard, RegionMasker> masks, IntConsumer facesPerImage) {
        this.decoder = decoder;
        this.finder = finder;
        this.maxFacesPerImage = maxFacesPerImage;
        this.batcher = batcher;
        this.masks = masks;
        this.facesPerImage = facesPerImage;
    }

    /** Announce a request before its image is decoded, so the batcher knows one is coming. */
    public DynamicBatcher.Ticket expect() {
        return batcher.expect();
    }

    /** The faces of one image, each with its box; {@code faces} is empty when none was found. */
    public List<Prediction.Face> predict(DynamicBatcher.Ticket ticket, byte[] body, ModelSelection selection,
            FaceFinder.Mode mode, boolean tta) {
        return await(predict(ticket, decoder.decode(body), selection, mode, tta));
    }

    /**
     * As {@link #predict(DynamicBatcher.Ticket, byte[], ModelSelection, FaceFinder.Mode, boolean)} for a decoded
     * image, without waiting for the forward pass: the future completes on the batcher's thread. A caller that
     * does not {@link #await} it bounds it with {@link #ANSWER_TIMEOUT_S} itself.
     */
    public CompletableFuture<List<Prediction.Face>> predict(DynamicBatcher.Ticket ticket, BufferedImage image,
            ModelSelection selection, FaceFinder.Mode mode, boolean tta) {
        List<FaceFinder.Face> found = finder.faces(image, mode);
        List<FaceFinder.Face> faces = found.size() > maxFacesPerImage
                ? found.subList(0, maxFacesPerImage) // largest first
                : found;
        facesPerImage.accept(faces.size());
        if (faces.isEmpty()) {
            ticket.close();
            return CompletableFuture.completedFuture(List.of());
        }
        byte[][] pixels = faces.stream().map(FaceFinder.Face::pixels).toArray(byte[][]::new);
        return logitsOfFaces(ticket, selection, pixels, tta).thenApply(logits -> {
            float[][] probabilities = softmax(logits);
            List<Prediction.Face> out = new ArrayList<>(faces.size());
            for (int i = 0; i < faces.size(); i++) {
                out.add(describe(faces.get(i).box().toArray(), probabilities[i], selection.card().classes()));
            }
            return out;
        });
    }

    /**
     * Decodes on the caller's thread only what is cheap to decode (at most {@code maxBytes} bytes and, from the
     * header, {@link FaceFinder#SMALL_SIDE} pixels a side: one face, no detection); null for anything larger.
     */
    public BufferedImage decodeIfSmall(byte[] body, int maxBytes) {
        return body != null && body.length <= maxBytes ? decoder.decodeIfAtMost(body, FaceFinder.SMALL_SIDE) : null;
    }

    /** Logits of 48×48 faces, summed over the selection's members and, with {@code tta}, the masked copies. */
    public CompletableFuture<float[][]> logitsOfFaces(DynamicBatcher.Ticket ticket, ModelSelection selection,
            byte[][] faces, boolean tta) {
        CompletableFuture<float[][]> sum = CompletableFuture.completedFuture(null);
        for (ServingModel member : selection.members()) {
            byte[][] inputs = tta ? maskedCopies(masks.apply(member.card()), faces) : faces;
            int copies = inputs.length / faces.length;
            float[] normalised = FacePreprocessing.toInput(inputs, member.card().normalisation());
            sum = sum.thenCombine(submitFaces(ticket, member, normalised, inputs.length),
                    (total, logits) -> addRows(total, logits, faces.length, copies));
        }
        return sum;
    }

    /**
     * One row of logits per normalised 48×48 face; a model trained on crops sees each face's ten crops and
     * answers with their mean, as the trainer evaluates it.
     */
    private CompletableFuture<float[]> submitFaces(DynamicBatcher.Ticket ticket, ServingModel member, float[] faces,
            int n) {
        int side = member.card().inputSide();
        if (side == FaceImage.SIDE) {
            return batcher.submit(ticket, member, faces, n);
        }
        return batcher.submit(ticket, member, TenCrop.of(faces, n, side), n * TenCrop.COUNT)
                .thenApply(crops -> TenCrop.meanLogits(crops, n));
    }

    /** Logits of already normalised model inputs ({@code n × side × side}), summed over the members. */
    public float[][] logitsOfInputs(DynamicBatcher.Ticket ticket, ModelSelection selection, float[] inputs, int n) {
        List<CompletableFuture<float[]>> pending = new ArrayList<>();
        for (ServingModel member : selection.members()) {
            pending.add(batcher.submit(ticket, member, inputs, n));
        }
        float[][] sum = null;
        for (CompletableFuture<float[]> p : pending) {
            sum = addRows(sum, await(p), n, 1);
        }
        return sum;
    }

    /** Each face's k masked copies and itself, face after face (the trainer's TTA order). */
    private static byte[][] maskedCopies(RegionMasker masker, byte[][] faces) {
        int copies = masker.clusters() + 1;
        byte[][] out = new byte[faces.length * copies][];
        for (int i = 0; i < faces.length; i++) {
            byte[] set = masker.testTimeSet(faces[i]);
            for (int c = 0; c < copies; c++) {
                out[i * copies + c] = java.util.Arrays.copyOfRange(set, c * faces[i].length, (c + 1) * faces[i].length);
            }
        }
        return out;
    }

    /** Adds flat logits of {@code faces × copies} rows into {@code faces} rows. */
    private static float[][] addRows(float[][] sum, float[] flat, int faces, int copies) {
        int classes = flat.length / (faces * copies);
        float[][] out = sum != null ? sum : new float[faces][classes];
        for (int i = 0; i < faces; i++) {
            for (int c = 0; c < copies; c++) {
                int row = (i * copies + c) * classes;
                for (int j = 0; j < classes; j++) {
                    out[i][j] += flat[row + j];
                }
            }
        }
        return out;
    }

    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a forward pass", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw failure(e);
        }
    }

    /** What a failed answer throws to the caller: overloaded (timed out), or the forward pass's failure. */
    public static RuntimeException failure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new BatcherFullException("no answer within " + ANSWER_TIMEOUT_S + " s: the server is overloaded");
        }
        return new IllegalStateException("the forward pass failed: " + cause.getMessage(), cause);
    }

    public static float[][] softmax(float[][] logits) {
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i].clone();
            EmotionClassifier.softmaxInPlace(out[i]);
        }
        return out;
    }

    static Prediction.Face describe(int[] box, float[] probabilities, List<String> classes) {
        Map<String, Double> byClass = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            byClass.put(classes.get(c), (double) probabilities[c]);
        }
        String emotion = classes.get(ClassificationMetrics.argmax(probabilities, 0, probabilities.length));
        return new Prediction.Face(box, emotion, byClass);
    }
}
