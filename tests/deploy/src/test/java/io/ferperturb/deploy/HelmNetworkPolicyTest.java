package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's NetworkPolicies: one per service, admitting to its HTTP port only this release's pods and the
 * configured ingress, and letting it reach only DNS, Kafka, S3 and (with a JWKS URL) the token issuer; the in-chart
 * Kafka and MinIO admit only the release.
 */
class HelmNetworkPolicyTest {
    static final String INSTANCE = "app.kubernetes.io/instance";
    static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

    @Test
    void eachServiceAdmitsTheReleaseAndTheIngressNamespaceOnItsOwnPortOnly() {
        List<HasMetadata> objects = HelmChart.template();
        Map<String, Deployment> services = Workloads.serviceDeployments(objects);
        services.forEach((component, deployment) -> {
            NetworkPolicy policy = policyOf(objects, deployment);
            String where = "NetworkPolicy " + policy.getMetadata().getName() + ": ";
            assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes(), where);
            assertEquals(1, policy.getSpec().getIngress().size(), where + "one ingress rule");
            NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
            assertEquals(Set.of(ServiceConfig.of(component).port()), ports(rule.getPorts()), where + "the HTTP port only");
            assertEquals(2, rule.getFrom().size(), where + "the release and the ingress namespace: " + rule.getFrom());
            NetworkPolicyPeer release = rule.getFrom().get(0);
            assertEquals(Map.of(INSTANCE, HelmChart.RELEASE), release.getPodSelector().getMatchLabels(), where);
            assertNull(release.getNamespaceSelector(), where + "the release's pods, in its own namespace");
            assertEquals(Map.of(NAMESPACE_NAME, "ingress-nginx"),
                    rule.getFrom().get(1).getNamespaceSelector().getMatchLabels(), where + "the ingress controller");
        });
        assertEquals(Set.of("perturb", "trainer", "inference", "saliency"), services.keySet());
    }

    @Test
    void servicesReachOnlyDnsAndTheInChartKafkaAndMinio() {
        List<HasMetadata> objects = HelmChart.template();
        Map<String, String> kafkaPods = podLabels(objects, "fer-perturb-kafka");
        Map<String, String> minioPods = podLabels(objects, "fer-perturb-minio");
        for (Deployment deployment : Workloads.serviceDeployments(objects).values()) {
            NetworkPolicy policy = policyOf(objects, deployment);
            String where = "NetworkPolicy " + policy.getMetadata().getName() + ": ";
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertEquals(3, egress.size(), where + "DNS, Kafka, MinIO: " + egress);
            assertDns(where, egress.get(0));
            assertEquals(Set.of(9092), ports(egress.get(1).getPorts()), where + "Kafka's port");
            assertSelects(where + "Kafka rule", egress.get(1).getTo().get(0).getPodSelector(), kafkaPods);
            assertEquals(Set.of(9000), ports(egress.get(2).getPorts()), where + "MinIO's S3 port");
            assertSelects(where + "MinIO rule", egress.get(2).getTo().get(0).getPodSelector(), minioPods);
        }
    }

    @Test
    void anExternalKafkaS3AndTheTokenIssuerAreReachedOnTheirConfiguredPorts() {
        List<HasMetadata> objects = HelmChart.template(Map.of("kafka.enabled", false,
                "externalKafka.bootstrapServers", "my-cluster-kafka-bootstrap.kafka.svc:9092",
                "minio.enabled", false, "externalS3.endpoint", "https://s3.eu-west-1.amazonaws.com",
                "s3.existingSecret", "my-s3", "networkPolicy.externalS3.to[0].ipBlock.cidr", "52.95.0.0/16",
                "auth.jwksUrl", "https://keycloak.example.com/realms/fer/protocol/openid-connect/certs"));
        for (Deployment deployment : Workloads.serviceDeployments(objects).values()) {
            NetworkPolicy policy = policyOf(objects, deployment);
            String where = "NetworkPolicy " + policy.getMetadata().getName() + ": ";
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertEquals(4, egress.size(), where + "DNS, Kafka, S3, the issuer: " + egress);
            assertDns(where, egress.get(0));
            assertEquals(Set.of(9092, 9093), ports(egress.get(1).getPorts()), where + "the external brokers' ports");
            assertTrue(egress.get(1).getTo() == null || egress.get(1).getTo().isEmpty(), where + "Kafka anywhere by default");
            assertEquals(Set.of(443), ports(egress.get(2).getPorts()), where + "S3 over HTTPS");
            assertEquals("52.95.0.0/16", egress.get(2).getTo().get(0).getIpBlock().getCidr(), where + "S3's addresses");
            assertEquals(Set.of(443), ports(egress.get(3).getPorts()), where + "the issuer's JWKS over HTTPS");
        }
    }

    @Test
    void theIngressPeersAreConfigurable() {
        List<HasMetadata> objects = HelmChart.template(Map.of("networkPolicy.ingress.namespace", "gateway",
                "networkPolicy.ingress.podLabels.app", "envoy", "networkPolicy.servicesIngressFrom[0].ipBlock.cidr",
                "10.8.0.0/16"));
        NetworkPolicyIngressRule rule = Manifests.get(objects, NetworkPolicy.class, "fer-perturb-inference").getSpec()
                .getIngress().get(0);
        assertEquals(3, rule.getFrom().size(), "the release, the gateway's pods, the extra peer: " + rule.getFrom());
        assertEquals(Map.of(NAMESPACE_NAME, "gateway"), rule.getFrom().get(1).getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("app", "envoy"), rule.getFrom().get(1).getPodSelector().getMatchLabels());
        assertEquals("10.8.0.0/16", rule.getFrom().get(2).getIpBlock().getCidr());

        NetworkPolicyIngressRule releaseOnly = Manifests.get(HelmChart.template(Map.of("networkPolicy.ingress.namespace", "")),
                NetworkPolicy.class, "fer-perturb-inference").getSpec().getIngress().get(0);
        assertEquals(1, releaseOnly.getFrom().size(), "no ingress namespace: the release's pods only");
        assertTrue(Manifests.ofKind(HelmChart.template(Map.of("networkPolicy.enabled", false)), NetworkPolicy.class).isEmpty(),
                "networkPolicy.enabled=false renders none");
    }

    @Test
    void theInChartKafkaAndMinioAdmitOnlyTheRelease() {
        List<HasMetadata> objects = HelmChart.template();
        for (String guarded : List.of("fer-perturb-kafka", "fer-perturb-minio")) {
            NetworkPolicy policy = Manifests.get(objects, NetworkPolicy.class, guarded);
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
            assertEquals(HelmChart.RELEASE, policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()
                    .getMatchLabels().get(INSTANCE), guarded + " admits this release's pods");
        }
    }

    private static NetworkPolicy policyOf(List<HasMetadata> objects, Deployment deployment) {
        NetworkPolicy policy = Manifests.get(objects, NetworkPolicy.class, deployment.getMetadata().getName());
        assertSelects("NetworkPolicy " + policy.getMetadata().getName(), policy.getSpec().getPodSelector(),
                deployment.getSpec().getTemplate().getMetadata().getLabels());
        return policy;
    }

    private static void assertDns(String where, NetworkPolicyEgressRule rule) {
        assertEquals(Map.of(NAMESPACE_NAME, "kube-system"), rule.getTo().get(0).getNamespaceSelector().getMatchLabels(),
                where + "DNS in kube-system");
        assertEquals(Set.of("53/UDP", "53/TCP"), rule.getPorts().stream()
                .map(p -> p.getPort().getIntVal() + "/" + p.getProtocol()).collect(Collectors.toSet()), where + "DNS ports");
    }

    /** The selector matches these pod labels (and only by labels they carry). */
    private static void assertSelects(String where, LabelSelector selector, Map<String, String> podLabels) {
        assertTrue(selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty(), where + " selects by labels");
        selector.getMatchLabels().forEach((k, v) -> assertEquals(v, podLabels.get(k), where + " label " + k));
    }

    private static Map<String, String> podLabels(List<HasMetadata> objects, String statefulSet) {
        return Manifests.get(objects, StatefulSet.class, statefulSet).getSpec().getTemplate().getMetadata().getLabels();
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
    }
}
