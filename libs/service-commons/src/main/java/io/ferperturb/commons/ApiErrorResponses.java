package io.ferperturb.commons;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Every service's OpenAPI document, completed once: each documented 4xx/5xx answers with the contract's JSON error
 * ({@link ApiError}), and each operation lists the 500 that {@link CommonErrorMapper} answers for anything
 * unexpected. A resource method then documents only what it can do wrong, one line per status.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiErrorResponses implements OASFilter {
    static final String SCHEMA = "ApiError";
    private static final String JSON = "application/json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, errorSchema());
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() == null) {
                    continue;
                }
                if (!operation.getResponses().hasAPIResponse("500")) {
                    operation.getResponses().addAPIResponse("500", OASFactory.createAPIResponse()
                            .description("Unexpected failure; the server's log has the details"));
                }
                for (Map.Entry<String, APIResponse> response : operation.getResponses().getAPIResponses().entrySet()) {
                    if (isError(response.getKey()) && response.getValue().getContent() == null) {
                        response.getValue().setContent(errorContent());
                    }
                }
            }
        }
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static Content errorContent() {
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + SCHEMA)));
    }

    private static Schema errorSchema() {
        return OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .description("What is wrong, in words a user can act on, and a short code")
                .addProperty("error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("code", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .required(List.of("error", "code"));
    }
}
