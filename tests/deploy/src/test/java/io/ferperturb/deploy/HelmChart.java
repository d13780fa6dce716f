package io.ferperturb.deploy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** helm lint / template / NOTES of helm/fer-perturb through helm-java (helm's library, no helm binary). */
final class HelmChart {
    static final String RELEASE = "fer-perturb";
    static final String NAMESPACE = "fer";
    static final Path VALUES_GPU = Repo.CHART.resolve("values-gpu.yaml");
    static final StubKubeApi API = StubKubeApi.start();

    private HelmChart() {
    }

    static LintResult lint() {
        return new Helm(Repo.CHART).lint().strict().call();
    }

    /** {@code helm template fer-perturb helm/fer-perturb -n fer [-f values...] [--set k=v...]}. Hooks are left out. */
    static String templateYaml(Map<String, ?> set, Path... valuesFiles) {
        TemplateCommand template = new Helm(Repo.CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, ?> entry : set.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return template.call();
    }

    static List<HasMetadata> template(Map<String, ?> set, Path... valuesFiles) {
        return Manifests.parse(templateYaml(set, valuesFiles), "helm template " + set + " " + List.of(valuesFiles));
    }

    static List<HasMetadata> template(Path... valuesFiles) {
        return template(Map.of(), valuesFiles);
    }

    /** The rendered NOTES.txt (an install dry run on the client only). */
    static String notes(Map<String, ?> set, Path... valuesFiles) {
        InstallCommand install = new Helm(Repo.CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (Path values : valuesFiles) {
            install = install.withValuesFile(values);
        }
        for (Map.Entry<String, ?> entry : set.entrySet()) {
            install = install.set(entry.getKey(), entry.getValue());
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in the install output:\n" + output);
        }
        return output.substring(notes + "NOTES:".length());
    }
}
