package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import org.junit.jupiter.api.Test;

/** JSON nulls where a request lists or maps values are refused with the field named, never a NullPointerException. */
class ExperimentRequestNullsTest {

    @Test
    void aNullInAnyListIsRefusedNamingTheList() {
        for (String field : new String[] {"architectures", "sweep", "seeds", "controls"}) {
            for (String list : new String[] {"[null]", "[null, null]"}) {
                String json = "{\"datasetId\": \"d\", \"" + field + "\": " + list + "}";
                InvalidExperimentException refused = assertThrows(InvalidExperimentException.class,
                        () -> ExperimentSpec.of(Json.read(json.getBytes(), ExperimentRequest.class)), json);
                assertTrue(refused.getMessage().startsWith(field + " must not hold null"), refused.getMessage());
            }
        }
    }

    @Test
    void aNullAmongValidValuesAndANullMapValueAreRefusedToo() {
        assertRefused("{\"datasetId\": \"d\", \"sweep\": [3, null]}", "sweep");
        assertRefused("{\"datasetId\": \"d\", \"architectures\": [\"cnn\", null]}", "architectures");
        assertRefused("{\"datasetId\": \"d\", \"controls\": [\"more-steps\", null], \"epochs\": 2}", "controls");
        assertRefused("{\"datasetId\": \"d\", \"epochsPerArchitecture\": {\"cnn\": null}}", "epochsPerArchitecture");
        assertRefused("{\"datasetId\": \"d\", \"protocol\": \"paper\", \"seeds\": [null]}", "seeds");
    }

    private static void assertRefused(String json, String field) {
        InvalidExperimentException refused = assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpec.of(Json.read(json.getBytes(), ExperimentRequest.class)), json);
        assertTrue(refused.getMessage().startsWith(field), refused.getMessage());
    }
}
