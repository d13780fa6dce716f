package io.ferperturb.saliency.rest;

import io.ferperturb.commons.auth.Roles;
import io.ferperturb.testsupport.AuthOnProfile;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.RoleChecks;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** saliency-service with authentication on: every map needs a viewer; health, metrics and OpenAPI stay open. */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class AuthTest {
    private static final byte[] NOT_AN_IMAGE = "not an image".getBytes(StandardCharsets.UTF_8);

    @Test
    void saliencyMapsNeedAViewer() {
        for (RoleChecks call : new RoleChecks[] {RoleChecks.post("/saliency", "image/png", NOT_AN_IMAGE),
                RoleChecks.post("/saliency/compare?models=a,b", "image/png", NOT_AN_IMAGE),
                RoleChecks.get("/saliency/classes?model=none-such&datasetId=none-such")}) {
            call.refusedWithoutToken();
            call.refusedWithAForeignToken();
            call.forbiddenTo(Roles.VIEWER);
            call.allowedTo(Roles.VIEWER);
        }
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            RoleChecks.get(path).open();
        }
    }
}
