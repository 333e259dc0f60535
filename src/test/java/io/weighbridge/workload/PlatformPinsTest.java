package io.weighbridge.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weighbridge.image.PlatformPin;
import org.junit.jupiter.api.Test;

/** What pins a pod to one platform, and what does not: the pod spec as the API server stores it. */
class PlatformPinsTest {
    private static final String ARCH_IN = "{\"key\":\"kubernetes.io/arch\",\"operator\":\"In\",\"values\":[%s]}";

    private static String required(String... terms) {
        return "\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":["
                + String.join(",", terms) + "]}}}";
    }

    private static String term(String... expressions) {
        return "{\"matchExpressions\":[" + String.join(",", expressions) + "]}";
    }

    private static PlatformPin pinOf(String specFields) {
        PodSpec spec = Serialization.unmarshal(
                "{\"containers\":[{\"name\":\"app\",\"image\":\"app:1\"}]"
                        + (specFields.isEmpty() ? "" : "," + specFields) + "}",
                PodSpec.class);
        return PlatformPins.of(spec);
    }

    @Test
    void aNodeSelectorPinsTheArchitectureAndTheOperatingSystemItNames() {
        assertEquals(
                new PlatformPin(null, "arm64", "nodeSelector"),
                pinOf("\"nodeSelector\":{\"kubernetes.io/arch\":\"arm64\"}"));
        assertEquals(
                new PlatformPin("windows", "amd64", "nodeSelector"),
                pinOf("\"nodeSelector\":{\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/os\":\"windows\"}"));
        assertEquals(PlatformPin.UNPINNED, pinOf("\"nodeSelector\":{\"kubernetes.io/os\":\"linux\"}"));
        assertEquals(PlatformPin.UNPINNED, pinOf(""));
    }

    @Test
    void requiredNodeAffinityPinsWhenEveryTermAllowsTheSameSingleArchitecture() {
        PlatformPin arm = new PlatformPin(null, "arm64", "required node affinity");
        assertEquals(arm, pinOf(required(term(ARCH_IN.formatted("\"arm64\"")))));
        assertEquals(
                arm,
                pinOf(required(
                        term(ARCH_IN.formatted("\"arm64\"")),
                        term(ARCH_IN.formatted("\"arm64\""), "{\"key\":\"node-role\",\"operator\":\"Exists\"}"))));
        assertEquals(
                new PlatformPin("linux", "arm64", "required node affinity"),
                pinOf(required(term(
                        ARCH_IN.formatted("\"arm64\""),
                        "{\"key\":\"kubernetes.io/os\",\"operator\":\"In\",\"values\":[\"linux\"]}"))));
        // The nodeSelector wins where both say (both must hold for the pod to schedule).
        assertEquals(
                new PlatformPin(null, "amd64", "nodeSelector"),
                pinOf("\"nodeSelector\":{\"kubernetes.io/arch\":\"amd64\"},"
                        + required(term(ARCH_IN.formatted("\"amd64\"")))));
    }

    @Test
    void anythingLooserPinsNothing() {
        for (String loose : new String[] {
            required(term(ARCH_IN.formatted("\"arm64\",\"amd64\""))), // two values
            required(
                    term(ARCH_IN.formatted("\"arm64\"")),
                    term(ARCH_IN.formatted("\"amd64\""))), // terms disagree (ORed)
            required(
                    term(ARCH_IN.formatted("\"arm64\"")),
                    term("{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\"]}")),
            required(term("{\"key\":\"kubernetes.io/arch\",\"operator\":\"NotIn\",\"values\":[\"amd64\"]}")),
            required(),
            "\"affinity\":{\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":1,\"preference\":"
                    + term(ARCH_IN.formatted("\"arm64\"")) + "}]}}",
            "\"nodeSelector\":{\"kubernetes.io/arch\":\"\"}",
        }) {
            assertEquals(PlatformPin.UNPINNED, pinOf(loose), loose);
        }
    }
}
