package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The source of truth the deployment tests compare against: ports and keys read from the services. */
class ServiceConfigTest {

    @Test
    void modulePortsAreTheHttpContractsPorts() {
        ServiceConfig.all().values().stream().filter(ServiceConfig::module).forEach(service ->
                assertEquals(ServiceConfig.contractPorts().get(service.component()), service.port(),
                        service.moduleName() + ": quarkus.http.port vs docs/contracts/http.md"));
        assertTrue(ServiceConfig.all().keySet().containsAll(Set.of("perturb", "trainer", "inference", "saliency")));
    }

    @Test
    void environmentNamesFollowQuarkusMappingOfEachServicesOwnKeys() {
        ServiceConfig trainer = ServiceConfig.of("trainer");
        ServiceConfig inference = ServiceConfig.of("inference");
        assertTrue(trainer.knowsEnv("FER_TRAINER_DEVICE"));
        assertTrue(trainer.knowsEnv("FER_TRAINER_DEFAULTS_EPOCHS"), "nested @ConfigMapping groups");
        assertFalse(inference.knowsEnv("FER_TRAINER_DEVICE"), "a setting of another service");
        assertTrue(inference.knowsEnv("FER_SERVING_DEVICE"));
        for (ServiceConfig service : ServiceConfig.all().values()) {
            for (String env : Set.of("QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "FER_STORAGE_ENDPOINT",
                    "FER_STORAGE_ACCESS_KEY", "FER_STORAGE_SECRET_KEY", "FER_STORAGE_MODELS_BUCKET")) {
                assertTrue(service.knowsEnv(env), service.moduleName() + " " + env);
            }
            assertTrue(service.requiredEnv().containsAll(Set.of("FER_STORAGE_ACCESS_KEY", "FER_STORAGE_SECRET_KEY")),
                    service.moduleName() + " requires the S3 keys: " + service.requiredEnv());
            assertFalse(service.knowsEnv("FER_STORAGE_ACCESSKEY"));
            for (String env : Set.of("FER_AUTH_ENABLED", "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER",
                    "SMALLRYE_JWT_PATH_GROUPS")) {
                assertTrue(service.knowsEnv(env), service.moduleName() + " " + env + " (token checks)");
            }
        }
        assertEquals("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL", ServiceConfig.envName("quarkus.log.category.\"org.apache.kafka\".level"));
    }

    @Test
    void kebabCaseIsSmallRyesNaming() {
        assertEquals("access-key", ConfigMappingKeys.kebab("accessKey"));
        assertEquals("max-image-pixels", ConfigMappingKeys.kebab("maxImagePixels"));
        assertEquals("s3-url", ConfigMappingKeys.kebab("s3URL"));
        assertEquals("url-path", ConfigMappingKeys.kebab("URLPath"));
    }
}
