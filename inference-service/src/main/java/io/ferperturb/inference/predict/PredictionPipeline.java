package io.ferperturb.inference.predict;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.domain.data.TenCrop;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.inference.predict.PredictionResult.ScoredFace;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.ModelCard;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceFinder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A {@link PredictionRequest} to its {@link PredictionResult}: hold the model(s) it names, decode each image (format
 * and size checked from the header, a large one only with a decode permit, held until its faces are found), find
 * faces, crop and preprocess each exactly as training does, forward through the
 * dynamic batcher (a model trained on 40×40 crops: the mean over each face's TenCrop), sum the logits of the
 * ensemble's members and (with {@code tta}) of the cluster-masked copies, softmax. The batcher's tickets live
 * here and nowhere else. Plain Java, so the benchmark runs this very path.
 */
public final class PredictionPipeline {
    static final long ANSWER_TIMEOUT_S = 60;
    /** Largest body decoded on the calling thread (a 48×48 face is about 2 KB as PNG). */
    static final int INLINE_MAX_BYTES = 64 * 1024;

    private final ModelSource models;
    private final ImageDecoder decoder;
    private final FaceFinder finder;
    private final int maxFacesPerImage;
    private final DynamicBatcher batcher;
    private final Function<ModelCard, RegionMasker> masks;
    private final IntConsumer facesPerImage;

    public PredictionPipeline(ModelSource models, ImageDecoder decoder, FaceFinder finder, int maxFacesPerImage,
            DynamicBatcher batcher, Function<ModelCard, RegionMasker> masks, IntConsumer facesPerImage) {
        this.models = models;
        this.decoder = decoder;
        this.finder = finder;
        this.maxFacesPerImage = maxFacesPerImage;
        this.batcher = batcher;
        this.masks = masks;
        this.facesPerImage = facesPerImage;
    }

    /**
     * The one way to a prediction. A small image (at most {@value #INLINE_MAX_BYTES} bytes and, from its header,
     * {@link FaceFinder#SMALL_SIDE} pixels a side: one face, no detection), without test-time augmentation and for
     * models in memory, is decoded and queued on the calling thread and answered on the batcher's thread when
     * its batch completes: on the event loop that saves waking a worker thread and waking it again, which was a
     * fifth of the service's CPU per request. Anything else runs on {@code blocking}, since face detection takes
     * milliseconds and a model or cluster map may first come from S3. An answer that takes longer than
     * {@value #ANSWER_TIMEOUT_S} s fails as overloaded.
     */
    public CompletableFuture<PredictionResult> predict(PredictionRequest request, Executor blocking) {
        long t0 = System.nanoTime();
        BufferedImage small = inlineImage(request);
        ModelSelection inMemory = small == null ? null : ModelSelection.open(request.model(), models::acquireIfInMemory);
        if (inMemory == null) {
            return CompletableFuture.supplyAsync(() -> predictHere(request, t0), blocking);
        }
        DynamicBatcher.Ticket ticket = batcher.expect();
        try {
            return scoreFaces(ticket, inMemory, 0, finder.faces(small, request.options().faces(), request.options().detector()), false)
                    .orTimeout(ANSWER_TIMEOUT_S, TimeUnit.SECONDS)
                    .handle((faces, error) -> {
                        try (inMemory) {
                            if (error != null) {
                                throw failure(error);
                            }
                            return result(inMemory, faces, t0);
                        }
                    });
        } catch (RuntimeException | Error e) {
            ticket.close();
            inMemory.close();
            throw e;
        }
    }

    /** {@link #predict} on the calling thread, waiting for the answer; failures are thrown as they are. */
    public PredictionResult predictAndWait(PredictionRequest request) {
        try {
            return predict(request, Runnable::run).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Logits of model-ready 48×48 faces found elsewhere (a video's faces, gathered across its frames), through the
     * same members, ten-crop and test-time augmentation as an image's faces. Completes on the batcher's thread.
     */
    public CompletableFuture<float[][]> logitsOfFaces(ModelSelection selection, byte[][] faces, boolean tta) {
        DynamicBatcher.Ticket ticket = batcher.expect();
        try {
            return logitsOfFaces(ticket, selection, faces, tta).whenComplete((logits, error) -> ticket.close());
        } catch (RuntimeException | Error e) {
            ticket.close();
            throw e;
        }
    }

    /** The request's one image when it may be served on the calling thread (see {@link #predict}); else null. */
    private BufferedImage inlineImage(PredictionRequest request) {
        // test-time augmentation may read a cluster map from S3 first
        if (request.options().tta() || !(request.input() instanceof PredictionRequest.Images images)
                || images.files().size() != 1) {
            return null;
        }
        byte[] file = images.files().get(0);
        return file.length <= INLINE_MAX_BYTES ? decoder.decodeIfAtMost(file, FaceFinder.SMALL_SIDE) : null;
    }

    /** The whole request on this thread: the models held (loaded first if need be), each image in turn. */
    private PredictionResult predictHere(PredictionRequest request, long t0) {
        DynamicBatcher.Ticket announced = batcher.expect(); // before models load and images decode: one is coming
        try (announced; ModelSelection selection = ModelSelection.open(request.model(), models::acquire)) {
            List<ScoredFace> faces = request.input() instanceof PredictionRequest.Faces tensors
                    ? scoreTensors(announced, selection, tensors)
                    : scoreImages(announced, selection, (PredictionRequest.Images) request.input(), request.options());
            return result(selection, faces, t0);
        }
    }

    private List<ScoredFace> scoreImages(DynamicBatcher.Ticket first, ModelSelection selection,
            PredictionRequest.Images images, PredictionRequest.Options options) {
        List<ScoredFace> out = new ArrayList<>();
        for (int i = 0; i < images.files().size(); i++) {
            try (DynamicBatcher.Ticket ticket = i == 0 ? first : batcher.expect()) {
                // the decoded raster lives only while its faces are found: a large one holds a decode permit
                List<FaceFinder.Face> found = decoder.decode(images.files().get(i),
                        image -> finder.faces(image, options.faces(), options.detector()));
                out.addAll(await(scoreFaces(ticket, selection, i, found, options.tta())));
            }
        }
        return out;
    }

    /**
     * The faces found in one image, each with its box, the largest {@code maxFacesPerImage} of them; empty when none
     * was found. Completes on the batcher's thread; closes the ticket.
     */
    private CompletableFuture<List<ScoredFace>> scoreFaces(DynamicBatcher.Ticket ticket, ModelSelection selection,
            int index, List<FaceFinder.Face> found, boolean tta) {
        List<FaceFinder.Face> faces = found.size() > maxFacesPerImage
                ? found.subList(0, maxFacesPerImage) // largest first
                : found;
        facesPerImage.accept(faces.size());
        if (faces.isEmpty()) {
            ticket.close();
            return CompletableFuture.completedFuture(List.of());
        }
        byte[][] pixels = faces.stream().map(FaceFinder.Face::pixels).toArray(byte[][]::new);
        List<String> classes = selection.card().classes();
        return logitsOfFaces(ticket, selection, pixels, tta).thenApply(logits -> {
            List<ScoredFace> out = new ArrayList<>(faces.size());
            for (int i = 0; i < faces.size(); i++) {
                out.add(scored(index, faces.get(i).box().toArray(), logits[i], classes));
            }
            return out;
        });
    }

    /** Normalised inputs straight to the model(s): a row per input. */
    private List<ScoredFace> scoreTensors(DynamicBatcher.Ticket ticket, ModelSelection selection,
            PredictionRequest.Faces tensors) {
        int side = selection.card().inputSide();
        if (tensors.side() != side) {
            throw new InvalidRequestException(selection.name() + " takes FP32 inputs of shape [N, 1, " + side + ", "
                    + side + "], not [" + tensors.count() + ", 1, " + tensors.side() + ", " + tensors.side() + "]");
        }
        float[][] logits = logitsOfInputs(ticket, selection, tensors.values(), tensors.count());
        List<String> classes = selection.card().classes();
        List<ScoredFace> out = new ArrayList<>(logits.length);
        for (int i = 0; i < logits.length; i++) {
            out.add(scored(i, null, logits[i], classes));
        }
        return out;
    }

    private static PredictionResult result(ModelSelection selection, List<ScoredFace> faces, long t0) {
        return new PredictionResult(selection.name(), selection.version(),
                selection.isEnsemble() ? selection.memberIds() : null, selection.card().classes(), faces,
                System.nanoTime() - t0);
    }

    private static ScoredFace scored(int image, int[] box, float[] logits, List<String> classes) {
        float[] probabilities = logits.clone();
        EmotionClassifier.softmaxInPlace(probabilities);
        String emotion = classes.get(ClassificationMetrics.argmax(probabilities, 0, probabilities.length));
        return new ScoredFace(image, box, logits, probabilities, emotion);
    }

    /** Logits of 48×48 faces, summed over the selection's members and, with {@code tta}, the masked copies. */
    private CompletableFuture<float[][]> logitsOfFaces(DynamicBatcher.Ticket ticket, ModelSelection selection,
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
    private float[][] logitsOfInputs(DynamicBatcher.Ticket ticket, ModelSelection selection, float[] inputs, int n) {
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
    private static RuntimeException failure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new BatcherFullException("no answer within " + ANSWER_TIMEOUT_S + " s: the server is overloaded");
        }
        return new IllegalStateException("the forward pass failed: " + cause.getMessage(), cause);
    }
}
