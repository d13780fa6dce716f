package io.ferperturb.inference.rest;

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

/**
 * inference-service with authentication on: {@code /predict}, the Open Inference Protocol's models and
 * {@code infer} need a viewer; the protocol's health endpoints, {@code /q/health}, metrics and OpenAPI stay open.
 * Runs after the ordered classes, in an application of its own.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class AuthTest {
    private static final byte[] NOT_AN_IMAGE = "not an image".getBytes(StandardCharsets.UTF_8);

    @Test
    void predictionsAndModelsNeedAViewer() {
        for (RoleChecks call : new RoleChecks[] {RoleChecks.post("/predict", "image/png", NOT_AN_IMAGE),
                RoleChecks.post("/v2/models/latest/infer", "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                RoleChecks.get("/v2/models"), RoleChecks.get("/v2/models/latest"),
                RoleChecks.get("/v2/models/latest/ready")}) {
            call.refusedWithoutToken();
            call.refusedWithAForeignToken();
            call.forbiddenTo(Roles.VIEWER);
            call.forbiddenTo(Roles.VIEWER, "someone-else");
            call.allowedTo(Roles.VIEWER);
        }
    }

    @Test
    void videosAndTheirResultsNeedAViewer() {
        String job = "/videos/0b4bd0e4-1f0a-4a3c-9c1e-6f5ed4c1e9aa";
        for (RoleChecks call : new RoleChecks[] {RoleChecks.post("/videos", "video/mp4", NOT_AN_IMAGE),
                RoleChecks.get(job), RoleChecks.get(job + "/timeline"), RoleChecks.get(job + "/annotated")}) {
            call.refusedWithoutToken();
            call.refusedWithAForeignToken();
            call.forbiddenTo(Roles.VIEWER, "someone-else");
            call.allowedTo(Roles.VIEWER);
        }
    }

    @Test
    void aliasesAreReadByViewersAndMovedByAdmins() {
        byte[] version = "{\"version\": 1}".getBytes(StandardCharsets.UTF_8);
        for (RoleChecks read : new RoleChecks[] {RoleChecks.get("/aliases"), RoleChecks.get("/aliases/production")}) {
            read.refusedWithoutToken();
            read.forbiddenTo(Roles.VIEWER, "someone-else");
            read.allowedTo(Roles.VIEWER);
        }
        for (RoleChecks move : new RoleChecks[] {
                RoleChecks.put("/models/cnn-nobody/aliases/production", "application/json", version),
                RoleChecks.post("/aliases/production/rollback", "application/json", "{}".getBytes(StandardCharsets.UTF_8))}) {
            move.refusedWithoutToken();
            move.refusedWithAForeignToken();
            move.forbiddenTo(Roles.ADMIN, Roles.VIEWER);
            move.forbiddenTo(Roles.ADMIN, Roles.EDITOR);
            move.allowedTo(Roles.ADMIN);
        }
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        for (String path : new String[] {"/v2/health/live", "/v2/health/ready", "/q/health/live", "/q/health/ready",
                "/q/metrics", "/q/openapi"}) {
            RoleChecks.get(path).open();
        }
    }
}
