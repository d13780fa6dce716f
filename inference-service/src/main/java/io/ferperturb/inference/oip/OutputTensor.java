package io.ferperturb.inference.oip;

import java.util.List;

/** One output tensor: {@code data} is flat, row-major, as the protocol's JSON form writes it. */
public record OutputTensor(String name, String datatype, List<Integer> shape, Object data) {
}
