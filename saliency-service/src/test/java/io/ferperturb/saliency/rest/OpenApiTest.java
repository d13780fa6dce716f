package io.ferperturb.saliency.rest;

import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.OpenApiContractTest;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class OpenApiTest extends OpenApiContractTest {
}
