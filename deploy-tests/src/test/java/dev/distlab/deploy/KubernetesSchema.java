package dev.distlab.deploy;

import static dev.distlab.deploy.Settings.map;
import static dev.distlab.deploy.Settings.seq;
import static dev.distlab.deploy.Settings.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Strict validation against the Kubernetes schema, as fabric8's typed model carries it: every document is read
 * into the class of its apiVersion and kind, and a field the schema does not have (misspelt, or at the wrong
 * level), a value of the wrong type, or a kind the manifests do not use is a problem. The API server would reject
 * some of these only at apply time and silently drop others (kubectl's client-side apply warns, or not).
 *
 * <p>fabric8's classes accept any unknown field into {@code additionalProperties} through {@code @JsonAnySetter},
 * so the mapper here turns any-setters off: then {@code FAIL_ON_UNKNOWN_PROPERTIES} applies. Scalars are not
 * coerced (a string for an integer, a number for a label value), as Kubernetes' own decoder does not.
 */
final class KubernetesSchema {

    /** The kinds these manifests may use, by {@code apiVersion/kind}; add one here when a manifest needs it. */
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper STRICT = strictMapper();

    /**
     * The fields of a kustomization (kustomize's {@code Kustomization}, {@code Image} and generator types) that
     * kubectl's built-in kustomize reads; kustomize itself rejects an unknown one only in some versions.
     */
    private static final Set<String> KUSTOMIZATION = Set.of("apiVersion", "kind", "metadata", "namespace",
            "namePrefix", "nameSuffix", "resources", "components", "images", "replicas", "labels", "commonLabels",
            "commonAnnotations", "patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator",
            "secretGenerator", "generatorOptions", "generators", "transformers", "validators", "crds", "openapi",
            "helmCharts", "helmGlobals", "buildMetadata", "sortOptions", "vars", "replacements", "configurations");
    private static final Set<String> IMAGE = Set.of("name", "newName", "newTag", "digest", "tagSuffix");
    private static final Set<String> GENERATOR = Set.of("name", "namespace", "behavior", "envs", "env", "files",
            "literals", "options", "type");
    private static final Set<String> GENERATOR_OPTIONS = Set.of("labels", "annotations", "disableNameSuffixHash",
            "immutable");

    private KubernetesSchema() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return Boolean.FALSE;
                    }
                })
                .build();
        // a number or boolean where a string belongs (a label, an annotation, an env value) is an error in Kubernetes
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The typed object of one parsed document; the problem is added and null returned where it does not fit. */
    static Object read(Map<String, Object> document, String where, List<String> problems) {
        String type = text(document.get("apiVersion")) + "/" + text(document.get("kind"));
        Class<?> kind = KINDS.get(type);
        if (kind == null) {
            problems.add(where + ": apiVersion " + document.get("apiVersion") + " kind " + document.get("kind")
                    + " is not one of " + new java.util.TreeSet<>(KINDS.keySet()));
            return null;
        }
        try {
            return STRICT.convertValue(document, kind);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": not valid as " + type + ": " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    /** Fields of kustomization.yaml that kustomize does not know. */
    static List<String> kustomizationProblems(Object kustomization) {
        List<String> problems = new ArrayList<>();
        unknown(kustomization, KUSTOMIZATION, "kustomization.yaml", problems);
        for (Object image : seq(map(kustomization).get("images"))) {
            unknown(image, IMAGE, "kustomization.yaml images", problems);
        }
        for (String generators : List.of("secretGenerator", "configMapGenerator")) {
            for (Object generator : seq(map(kustomization).get(generators))) {
                unknown(generator, GENERATOR, "kustomization.yaml " + generators, problems);
                if (map(generator).containsKey("options")) {
                    unknown(map(generator).get("options"), GENERATOR_OPTIONS,
                            "kustomization.yaml " + generators + " options", problems);
                }
            }
        }
        return problems;
    }

    private static void unknown(Object node, Set<String> known, String where, List<String> problems) {
        if (!(node instanceof Map<?, ?>)) {
            problems.add(where + ": expected a mapping, found " + node);
            return;
        }
        for (String key : map(node).keySet()) {
            if (!known.contains(key)) {
                problems.add(where + ": unknown field " + key);
            }
        }
    }
}
