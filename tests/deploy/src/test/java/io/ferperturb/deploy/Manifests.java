package io.ferperturb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Multi-document YAML to typed fabric8 objects, rejecting unknown kinds and unknown fields. */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final ObjectMapper YAML = new YAMLMapper();
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private Manifests() {
    }

    /** Every document as a typed object; fails on an unknown kind or a field the kind does not have. */
    static List<HasMetadata> parse(String yaml, String origin) {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            String what = origin + " (" + doc.path("kind").asText("?") + " " + doc.path("metadata").path("name").asText("?") + ")";
            KubernetesResource typed = SERIALIZATION.convertValue(doc, KubernetesResource.class);
            if (!(typed instanceof HasMetadata object) || typed instanceof GenericKubernetesResource) {
                throw new AssertionError(what + ": not a known Kubernetes kind: " + doc.path("apiVersion").asText() + "/"
                        + doc.path("kind").asText());
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(typed, "", unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError(what + ": fields unknown to " + typed.getClass().getSimpleName() + ": " + unknown);
            }
            objects.add(object);
        }
        return objects;
    }

    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The object as a JSON tree (for comparisons). */
    static JsonNode tree(Object object) {
        return SERIALIZATION.convertValue(object, JsonNode.class);
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(o -> (T) o).toList();
    }

    static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    static <T extends HasMetadata> T get(List<HasMetadata> objects, Class<T> kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name
                + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    /** fabric8 keeps fields its model does not know in additionalProperties: a typo in a manifest ends up there. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add((path.isEmpty() ? "" : path + ".") + extra.keySet());
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(child, path.isEmpty() ? field : path + "." + field, unknown);
            }
        }
    }
}
