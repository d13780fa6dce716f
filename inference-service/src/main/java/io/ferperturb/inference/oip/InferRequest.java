package io.ferperturb.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v2/models/{model}/infer}. Request parameters {@code faces} ({@code auto|none}) and {@code tta}
 * apply to {@code BYTES} image inputs.
 */
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs) {

    /** An input tensor; {@code data} is kept as parsed JSON and checked against shape and datatype. */
    public record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, JsonNode data) {
    }
}
