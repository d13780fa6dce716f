package io.ferperturb.inference.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** {@code GET /v2/models/{model}}: the protocol's model metadata, plus the checkpoint's card in {@code parameters}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorSpec> inputs,
        List<TensorSpec> outputs, Map<String, Object> parameters) {

    /** Name, datatype and shape (−1: any size) of a tensor. */
    public record TensorSpec(String name, String datatype, List<Integer> shape) {
    }
}
