package io.ferperturb.trainer.rest;

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
 * trainer-service with authentication on: the job list and a job's progress need a viewer, posting a job an editor
 * (the body sent is not an event, so that nothing is queued); health and metrics stay open.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class AuthTest {

    @Test
    void jobsAreReadByAViewer() {
        RoleChecks list = RoleChecks.get("/jobs");
        list.refusedWithoutToken();
        list.refusedWithAForeignToken();
        list.forbiddenTo(Roles.VIEWER);
        list.allowedTo(Roles.VIEWER);
        RoleChecks one = RoleChecks.get("/jobs/none-such");
        one.refusedWithoutToken();
        one.allowedTo(Roles.VIEWER);
        RoleChecks.get("/jobs/none-such/events").refusedWithoutToken();
    }

    @Test
    void postingAJobNeedsAnEditor() {
        RoleChecks submit = RoleChecks.post("/jobs", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        submit.refusedWithoutToken();
        submit.forbiddenTo(Roles.EDITOR, Roles.VIEWER);
        submit.allowedTo(Roles.EDITOR);
        submit.allowedTo(Roles.ADMIN);
    }

    @Test
    void cancellingAJobNeedsAnAdmin() {
        RoleChecks cancel = RoleChecks.delete("/jobs/none-such");
        cancel.refusedWithoutToken();
        cancel.forbiddenTo(Roles.ADMIN, Roles.EDITOR);
        cancel.allowedTo(Roles.ADMIN);
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            RoleChecks.get(path).open();
        }
    }
}
