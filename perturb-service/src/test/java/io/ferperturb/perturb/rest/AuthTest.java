package io.ferperturb.perturb.rest;

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
 * perturb-service with authentication on: reads need a viewer, uploads and experiments an editor, replacing a
 * dataset an admin; the console's page and settings, health, metrics and OpenAPI stay open. The bodies sent with a
 * sufficient role are malformed, so that nothing is stored.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class AuthTest {
    private static final byte[] NOT_A_CSV = "no,header\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsNeedAViewer() {
        for (RoleChecks read : new RoleChecks[] {RoleChecks.get("/datasets"), RoleChecks.get("/experiments"),
                RoleChecks.get("/datasets/none-such"), RoleChecks.get("/experiments/exp-none/report")}) {
            read.refusedWithoutToken();
            read.refusedWithAForeignToken();
            read.forbiddenTo(Roles.VIEWER);
            read.allowedTo(Roles.VIEWER);
        }
    }

    @Test
    void uploadsAndExperimentsNeedAnEditor() {
        for (RoleChecks write : new RoleChecks[] {RoleChecks.post("/datasets/auth-probe", "text/csv", NOT_A_CSV),
                RoleChecks.post("/datasets/auth-probe", "application/zip", NOT_A_CSV),
                RoleChecks.post("/datasets/auth-probe/import", "application/json", EMPTY_JSON),
                RoleChecks.post("/experiments", "application/json", EMPTY_JSON)}) {
            write.refusedWithoutToken();
            write.forbiddenTo(Roles.EDITOR, Roles.VIEWER);
            write.allowedTo(Roles.EDITOR);
            write.allowedTo(Roles.ADMIN);
        }
    }

    @Test
    void replacingADatasetNeedsAnAdmin() {
        for (RoleChecks replace : new RoleChecks[] {
                RoleChecks.post("/datasets/auth-probe?replace=true", "text/csv", NOT_A_CSV),
                RoleChecks.post("/datasets/auth-probe?replace=true", "application/zip", NOT_A_CSV),
                RoleChecks.post("/datasets/auth-probe/import?replace=true", "application/json", EMPTY_JSON)}) {
            replace.refusedWithoutToken();
            replace.forbiddenTo(Roles.ADMIN, Roles.VIEWER);
            replace.forbiddenTo(Roles.ADMIN, Roles.EDITOR);
            replace.allowedTo(Roles.ADMIN);
        }
        RoleChecks.post("/datasets/auth-probe?replace=false", "text/csv", NOT_A_CSV).allowedTo(Roles.EDITOR);
    }

    @Test
    void removalsNeedAnAdmin() {
        for (RoleChecks remove : new RoleChecks[] {RoleChecks.delete("/datasets/none-such"),
                RoleChecks.delete("/experiments/exp-none")}) {
            remove.refusedWithoutToken();
            remove.forbiddenTo(Roles.ADMIN, Roles.EDITOR);
            remove.allowedTo(Roles.ADMIN);
        }
    }

    @Test
    void healthMetricsOpenApiAndTheConsoleStayOpen() {
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi",
                "/console/config.json", "/console/"}) {
            RoleChecks.get(path).open();
        }
    }
}
