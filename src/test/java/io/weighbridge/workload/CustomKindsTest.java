package io.weighbridge.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.testing.CustomKindsProfile;
import io.weighbridge.workload.WorkloadsConfig.CustomKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomKindsTest {

    record Kind(
            String group,
            String kind,
            Optional<String> resource,
            List<String> versions,
            Optional<String> podTemplatePath,
            Optional<String> podSpecPath)
            implements CustomKind {
        static Kind template(String group, String kind, String version, String path) {
            return new Kind(group, kind, Optional.empty(), List.of(version), Optional.of(path), Optional.empty());
        }

        static Kind podSpec(String group, String kind, String version, String path) {
            return new Kind(group, kind, Optional.empty(), List.of(version), Optional.empty(), Optional.of(path));
        }
    }

    record Config(Map<String, CustomKind> custom) implements WorkloadsConfig {}

    /** The three examples the README documents, as Quarkus binds their properties. */
    static WorkloadKinds documentedExamples() {
        return CustomKindsProfile.kinds();
    }

    @Test
    void aPodTemplatePathLeadsToItsSpecAndAPodSpecPathIsTakenAsItIs() {
        WorkloadKinds kinds = documentedExamples();

        WorkloadKind rollout =
                kinds.find(new GroupKind("argoproj.io", "Rollout")).orElseThrow();
        WorkloadKind knative =
                kinds.find(new GroupKind("serving.knative.dev", "Service")).orElseThrow();

        assertEquals(FieldPath.parse("spec.template.spec"), rollout.podSpec());
        assertEquals(FieldPath.parse("spec.template.spec"), knative.podSpec());
        assertEquals("rollouts", rollout.resource());
        assertEquals("services", knative.resource());
        assertEquals(List.of("v1alpha1"), rollout.versions());
        assertTrue(rollout.custom() && rollout.audited());
        assertEquals(List.of("CloneSet", "Service", "Rollout"), kinds.customNames(), "ordered by configured name");
    }

    @Test
    void namesThePluralWhenTheKindDoesNotSimplyTakeAnS() {
        Kind policy = new Kind(
                "policy.example.com",
                "DeployPolicy",
                Optional.of("deploypolicies"),
                List.of("v1"),
                Optional.of("spec.template"),
                Optional.empty());

        WorkloadKinds kinds = CustomKinds.from(new Config(Map.of("deploypolicy", policy)));

        assertEquals("deploypolicies", kinds.custom().get(0).resource());
    }

    @Test
    void reportsEveryWrongPropertyAtOnce() {
        Map<String, CustomKind> kinds = new LinkedHashMap<>();
        kinds.put("argo-rollout", Kind.template("argoproj.io", "Rollout", "v1alpha1", "spec.template"));
        kinds.put("nogroup", Kind.template("rollouts", "rollout", "1", "spec..template"));
        kinds.put(
                "both",
                new Kind(
                        "apps.kruise.io",
                        "CloneSet",
                        Optional.empty(),
                        List.of(),
                        Optional.of("spec.template"),
                        Optional.of("spec.template.spec")));
        kinds.put(
                "neither",
                new Kind(
                        "serving.knative.dev",
                        "Service",
                        Optional.empty(),
                        List.of("v1"),
                        Optional.empty(),
                        Optional.empty()));

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CustomKinds.from(new Config(kinds)));

        assertEquals("""
                invalid custom workload kinds:
                  weighbridge.workloads.custom.argo-rollout: the name must be lowercase letters and digits (such as rollout), \
                which an environment variable keeps intact
                  weighbridge.workloads.custom.both.versions: name at least one version, such as v1alpha1
                  weighbridge.workloads.custom.both.pod-template-path: give either pod-template-path (such as spec.template) \
                or pod-spec-path (such as spec.template.spec), not both
                  weighbridge.workloads.custom.neither.pod-template-path: give either pod-template-path (such as spec.template) \
                or pod-spec-path (such as spec.template.spec)
                  weighbridge.workloads.custom.nogroup.group: "rollouts" is not an API group such as argoproj.io
                  weighbridge.workloads.custom.nogroup.kind: "rollout" is not a kind such as Rollout
                  weighbridge.workloads.custom.nogroup.versions: "1" is not a version such as v1alpha1
                  weighbridge.workloads.custom.nogroup.pod-template-path: "spec..template" is not a path of field names \
                separated by dots (such as spec.template): a field is empty""", e.getMessage());
    }

    @Test
    void refusesAKindThatIsBuiltInOrConfiguredTwice() {
        IllegalArgumentException builtIn = assertThrows(
                IllegalArgumentException.class,
                () -> CustomKinds.from(new Config(
                        Map.of("dc", Kind.template("apps.openshift.io", "DeploymentConfig", "v1", "spec.template")))));
        Map<String, CustomKind> twice = new LinkedHashMap<>();
        twice.put("rollout", Kind.template("argoproj.io", "Rollout", "v1alpha1", "spec.template"));
        twice.put("rollout2", Kind.template("argoproj.io", "Rollout", "v1alpha1", "spec.template"));
        IllegalArgumentException again =
                assertThrows(IllegalArgumentException.class, () -> CustomKinds.from(new Config(twice)));

        assertTrue(
                builtIn.getMessage().endsWith("DeploymentConfig.apps.openshift.io is a built-in kind"),
                builtIn.getMessage());
        assertTrue(again.getMessage().endsWith("Rollout.argoproj.io is configured twice"), again.getMessage());
    }

    @Test
    void withoutConfigurationOnlyTheBuiltInKindsAreJudged() {
        assertEquals(WorkloadKinds.builtIn(), CustomKinds.from(new Config(Map.of())));
    }
}
