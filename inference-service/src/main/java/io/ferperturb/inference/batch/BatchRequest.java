package io.ferperturb.inference.batch;

/**
 * The body of {@code POST /batches}.
 *
 * @param source {@code s3://datasets/prefix/}: every object below it is an image to classify
 * @param model  as {@code ?model=} of {@code POST /predict}; by default the served alias. Pinned to one version
 *               when the batch starts, so a batch is answered by one model throughout, restarts included
 * @param tta    test-time augmentation, as {@code POST /predict}
 * @param faces  {@code auto} (detect faces) or {@code none} (each image is one face)
 * @param detector {@code haar} or {@code blazeface}, as {@code ?detector=} of {@code POST /predict}; by default the
 *               server's ({@code fer.inference.faces.detector}). Pinned when the batch starts, like the model
 * @param format {@code jsonl} or {@code csv}: what {@code GET /batches/{id}/results} answers by default (both are
 *               stored)
 */
public record BatchRequest(String source, String model, Boolean tta, String faces, String format, String detector) {
}
