package io.ferperturb.inference.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line of a batch's results: a face of an image, or an image that could not be answered ({@code error}).
 *
 * @param item  the image's S3 key
 * @param face  the face's index in its image (largest first); null with an error
 * @param box   {@code [x, y, w, h]} in the image
 * @param error why the image has no answer (not decodable, too large, no face found)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchLine(String item, Integer face, int[] box, String emotion, Map<String, Double> probabilities,
        String error) {

    static BatchLine failed(String item, String error) {
        return new BatchLine(item, null, null, null, null, error);
    }
}
