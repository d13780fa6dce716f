package io.ferperturb.inference.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The answer of {@code POST /v2/models/{model}/infer}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(@JsonProperty("model_name") String modelName, @JsonProperty("model_version") String modelVersion,
        String id, Map<String, Object> parameters, List<OutputTensor> outputs) {
}
