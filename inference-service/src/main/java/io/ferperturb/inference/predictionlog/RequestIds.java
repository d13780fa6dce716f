package io.ferperturb.inference.predictionlog;

import io.ferperturb.commons.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every request has an {@code X-Request-Id}: the client's when it sent one, else one made here, put on the request
 * (so resources read it as a header) and answered with the response, so a client can find its prediction in the
 * prediction log and in the server's logs.
 */
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    /** What a client's id may be: safe as a Kafka key, an S3 key segment and a log field. */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true)
    public Response assign(ContainerRequestContext request) {
        String id = request.getHeaderString(HEADER);
        if (id == null || id.isEmpty()) {
            request.getHeaders().putSingle(HEADER, UUID.randomUUID().toString());
            return null;
        }
        if (!FORM.matcher(id).matches()) {
            return ApiError.response(400, "invalid-request", HEADER + " is 1 to 128 letters, digits, '.', '_', ':' or "
                    + "'-'; send such an id, or none and the server makes one");
        }
        return null;
    }

    @ServerResponseFilter
    public void answer(ContainerRequestContext request, ContainerResponseContext response) {
        String id = request.getHeaderString(HEADER);
        if (id != null && FORM.matcher(id).matches()) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
