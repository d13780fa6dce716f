package io.ferperturb.commons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.ferperturb.domain.data.ImageDecoderBusyException;
import io.ferperturb.domain.data.UnsupportedImageFormatException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place framework and library errors become the contract's JSON errors. */
class CommonErrorMapperTest {
    private final CommonErrorMapper mapper = new CommonErrorMapper();
    private final ObjectMapper json = new ObjectMapper();

    record Probe(String name, List<Long> shape) {
        Probe {
            if ("bad".equals(name)) {
                throw new IllegalArgumentException("name must not be bad");
            }
            if ("refused".equals(name)) {
                throw new ApiException(422, "refused-name", "this name is refused") {
                };
            }
        }
    }

    @Test
    void everyBodyJacksonCannotReadIsA400SayingWhereAndWhy() {
        MismatchedInputException mismatch = assertThrows(MismatchedInputException.class,
                () -> json.readValue("{\"shape\": [1, \"two\"]}", Probe.class));
        assertError(400, "invalid-json", "shape[1]", mapper.mismatchedJson(mismatch));

        JsonProcessingException notJson = assertThrows(JsonProcessingException.class, () -> json.readValue("{\"shape\": [", Probe.class));
        assertError(400, "invalid-json", "not valid JSON", mapper.unreadableJson(notJson));

        JsonProcessingException refused = assertThrows(JsonProcessingException.class,
                () -> json.readValue("{\"name\": \"bad\"}", Probe.class));
        assertError(400, "invalid-json", "name must not be bad", mapper.unreadableJson(refused));

        // a request type's own refusal keeps its status and code
        JsonProcessingException ownRefusal = assertThrows(JsonProcessingException.class,
                () -> json.readValue("{\"name\": \"refused\"}", Probe.class));
        assertError(422, "refused-name", "this name is refused", mapper.unreadableJson(ownRefusal));

        // as the framework's body reader wraps what it cannot read
        assertError(400, "invalid-json", "not valid JSON",
                mapper.framework(new WebApplicationException(notJson, Response.Status.BAD_REQUEST)));
    }

    @Test
    void aRefusalTheClientMayRetryIsA503WithRetryAfter() {
        Response busy = mapper.decoderBusy(new ImageDecoderBusyException("the server is busy; retry", 1));
        assertError(503, "busy", "retry", busy);
        assertEquals("1", busy.getHeaderString("Retry-After"));
        Response other = mapper.unsupportedImage(new UnsupportedImageFormatException("send a PNG"));
        assertError(415, "unsupported-image-format", "PNG", other);
        assertNull(other.getHeaderString("Retry-After"));
    }

    private static void assertError(int status, String code, String fragment, Response response) {
        assertEquals(status, response.getStatus());
        ApiError error = (ApiError) response.getEntity();
        assertEquals(code, error.code());
        assertTrue(error.error().contains(fragment), error.error());
        assertFalse(error.error().contains("Source:"), "no source excerpt: " + error.error());
    }
}
