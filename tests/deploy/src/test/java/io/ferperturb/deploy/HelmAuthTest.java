package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens in the chart: on by default, each service told where the verifying key is (a mounted ConfigMap or
 * Secret, or an OIDC issuer's JWKS URL), which issuer and claim to trust; off only when asked, and then said loudly.
 */
class HelmAuthTest {
    static final String KEY_FILE = "/etc/fer-perturb/auth/public-key.pem";
    static final String KEY_LOCATION = "file:" + KEY_FILE;
    static final String JWKS = "https://keycloak.example.com/realms/fer/protocol/openid-connect/certs";
    static final String ISSUER = "https://keycloak.example.com/realms/fer";

    @Test
    void authIsOnByDefaultWithThePublicKeyOfAConfigMapTheUserCreates() {
        List<HasMetadata> objects = HelmChart.template();
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> {
            Map<String, String> env = env(deployment);
            assertEquals("true", env.get("FER_AUTH_ENABLED"), component);
            assertEquals(KEY_LOCATION, env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), component);
            assertFalse(env.containsKey("QUARKUS_SMALLRYE_JWT_BLOCKING_AUTHENTICATION"), component + ": the key is local");
            assertFalse(env.containsKey("MP_JWT_VERIFY_ISSUER"), component + ": no issuer given, none checked");
            Volume key = keyVolume(deployment).orElseThrow(() -> new AssertionError(component + " mounts no key"));
            assertEquals("fer-perturb-auth", key.getConfigMap().getName(), component);
            VolumeMount mount = container(deployment).getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(key.getName())).findFirst().orElseThrow();
            assertTrue(KEY_FILE.startsWith(mount.getMountPath() + "/"), component + " mounts the key where it is read");
            assertEquals(Boolean.TRUE, mount.getReadOnly(), component);
        });
        assertTrue(Manifests.find(objects, ConfigMap.class, "fer-perturb-auth").isEmpty(), "the user creates the key's ConfigMap");
        String notes = HelmChart.notes(Map.of());
        assertTrue(notes.contains("kubectl -n fer create configmap fer-perturb-auth --from-file=public-key.pem=public.pem"), notes);
        assertTrue(notes.contains("-H \"Authorization: Bearer $TOKEN\""), "the examples send the token:\n" + notes);
    }

    @Test
    void anOidcIssuerReplacesTheMountedKey() {
        List<HasMetadata> objects = HelmChart.template(Map.of("auth.jwksUrl", JWKS, "auth.issuer", ISSUER,
                "auth.groupsClaim", "realm_access/roles", "auth.audiences[0]", "fer-perturb"));
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> {
            Map<String, String> env = env(deployment);
            assertEquals(JWKS, env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), component);
            assertEquals("true", env.get("QUARKUS_SMALLRYE_JWT_BLOCKING_AUTHENTICATION"), component + ": keys fetched off the event loop");
            assertEquals(ISSUER, env.get("MP_JWT_VERIFY_ISSUER"), component);
            assertEquals("realm_access/roles", env.get("SMALLRYE_JWT_PATH_GROUPS"), component);
            assertEquals("fer-perturb", env.get("MP_JWT_VERIFY_AUDIENCES"), component);
            assertTrue(keyVolume(deployment).isEmpty(), component + ": keys come from the issuer");
            Workloads.assertServiceWorkload("auth.jwksUrl", component, deployment.getSpec().getTemplate(), objects,
                    Images.djlCacheDir());
        });
    }

    @Test
    void thePublicKeyComesFromAValueAConfigMapOrASecret() {
        String pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----";
        List<HasMetadata> fromValue = HelmChart.template(Map.of("auth.publicKey.pem", pem));
        ConfigMap created = Manifests.get(fromValue, ConfigMap.class, "fer-perturb-auth");
        assertEquals(pem, created.getData().get("public-key.pem").trim());

        Deployment fromConfigMap = Workloads.serviceDeployments(HelmChart.template(Map.of(
                "auth.publicKey.existingConfigMap", "issuer-keys", "auth.publicKey.key", "jwks.json"))).get("trainer");
        assertEquals("issuer-keys", keyVolume(fromConfigMap).orElseThrow().getConfigMap().getName());
        assertEquals("file:/etc/fer-perturb/auth/jwks.json", env(fromConfigMap).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));

        Deployment fromSecret = Workloads.serviceDeployments(HelmChart.template(Map.of(
                "auth.publicKey.existingSecret", "token-key"))).get("inference");
        Volume secret = keyVolume(fromSecret).orElseThrow();
        assertEquals("token-key", secret.getSecret().getSecretName());
        assertNull(secret.getConfigMap());

        Exception both = assertThrows(Exception.class, () -> HelmChart.templateYaml(Map.of(
                "auth.publicKey.existingConfigMap", "a", "auth.publicKey.existingSecret", "b")));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void switchedOffTheServicesReadNoTokenAndTheNotesSaySo() {
        List<HasMetadata> objects = HelmChart.template(Map.of("auth.enabled", false));
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> {
            Map<String, String> env = env(deployment);
            assertEquals("false", env.get("FER_AUTH_ENABLED"), component);
            assertFalse(env.keySet().stream().anyMatch(name -> name.startsWith("MP_JWT_")), component + ": " + env.keySet());
            assertTrue(keyVolume(deployment).isEmpty(), component);
        });
        String notes = HelmChart.notes(Map.of("auth.enabled", false));
        assertTrue(notes.contains("Authentication is OFF"), notes);
        assertFalse(notes.contains("Authorization: Bearer"), notes);
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container(deployment).getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return env;
    }

    private static Optional<Volume> keyVolume(Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        return pod.getVolumes().stream().filter(v -> v.getName().equals("auth-key")).findFirst();
    }
}
