package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobRoleTest {

    @Test
    void aJobsRoleIsWrittenAndReadAsItsLowerCaseWord() {
        ExperimentJob job = ExperimentJob.planned("j", "e", JobRole.PERTURBED, "cnn", 3, 7, "d-perturbed-k3");
        String json = Json.write(job);
        assertEquals("perturbed", Json.MAPPER.valueToTree(job).get("role").asText(), json);
        assertEquals(job, Json.read(json.getBytes(StandardCharsets.UTF_8), ExperimentJob.class));
        for (JobRole role : JobRole.values()) {
            assertEquals(role, Json.read(("\"" + role.json() + "\"").getBytes(StandardCharsets.UTF_8), JobRole.class));
        }
        assertEquals("attention", JobRole.ATTENTION.toString());
    }
}
