package io.ferperturb.inference.rest;

import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.OpenApiContractTest;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class OpenApiTest extends OpenApiContractTest {
    /** Predictions compute an answer and change nothing; OIP clients may post their JSON as text/plain. */
    @Override
    protected Set<String> computations() {
        return Set.of("POST /predict", "POST /v2/models/{model}/infer");
    }
}
