package io.weighbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weighbridge.check.CheckReport;
import io.weighbridge.check.CheckReport.FindingEntry;
import io.weighbridge.check.CheckReport.ImageEntry;
import io.weighbridge.policy.Action;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

/**
 * A check report as SARIF 2.1.0, for code scanning: one result per finding that is not a plain
 * allow, Dockerfile findings at their file and line, image findings at the line that names the
 * image (bare images have no file, so no location), and the metadata of every rule that fired.
 */
final class SarifReport {
    static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    private static final String DOCS = "https://github.com/weighbridge/weighbridge/blob/main/";
    static final String DOCKERFILE_RULES_URI = DOCS + "docs/dockerfile-rules.md#the-rules";
    static final String POLICY_RULES_URI = DOCS + "README.md#policies";
    static final String REGISTRY_ERROR = "registry-error";

    private final ObjectMapper json;
    private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    private final ArrayNode results;

    private SarifReport(ObjectMapper json) {
        this.json = json;
        this.results = json.createArrayNode();
    }

    /** @param source the file that was checked, or {@code null} for bare images */
    static ObjectNode of(CheckReport report, CheckedSource source, String version, ObjectMapper json) {
        SarifReport sarif = new SarifReport(json);
        for (ImageEntry image : report.images()) {
            OptionalInt line = source == null ? OptionalInt.empty() : source.lineOf(image);
            for (FindingEntry finding : image.findings()) {
                sarif.add(finding, policyRuleId(finding), false, source, line);
            }
        }
        for (FindingEntry finding : report.dockerfile()) {
            sarif.add(
                    finding,
                    finding.rule(),
                    true,
                    source,
                    source == null ? OptionalInt.empty() : source.lineOf(finding));
        }
        return sarif.document(version);
    }

    /** Size rules are named by their policy ({@code cluster-defaults/hard-cap}); Dockerfile rules by their id. */
    static String policyRuleId(FindingEntry finding) {
        return finding.policy() + "/" + finding.rule();
    }

    /** {@code error} for a denial, {@code warning} for a warning, {@code note} for what only a dry run would do. */
    static String level(FindingEntry finding) {
        if (finding.dryRun() || finding.action() == Action.ALLOW) {
            return "note";
        }
        return finding.action() == Action.DENY ? "error" : "warning";
    }

    private void add(
            FindingEntry finding, String ruleId, boolean dockerfileRule, CheckedSource source, OptionalInt line) {
        ObjectNode rule = rules.computeIfAbsent(ruleId, id -> rule(id, finding, dockerfileRule));
        ObjectNode result = results.addObject();
        result.put("ruleId", ruleId);
        result.put("ruleIndex", indexOf(ruleId));
        result.put("level", level(finding));
        result.putObject("message").put("text", finding.message());
        if (source != null) {
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", source.file());
            line.ifPresent(number -> physical.putObject("region").put("startLine", number));
        }
        ArrayNode policies = (ArrayNode) rule.get("properties").get("policies");
        if (StreamSupport.stream(policies.spliterator(), false)
                .noneMatch(policy -> policy.asText().equals(finding.policy()))) {
            policies.add(finding.policy());
        }
    }

    private int indexOf(String ruleId) {
        int index = 0;
        for (String id : rules.keySet()) {
            if (id.equals(ruleId)) {
                return index;
            }
            index++;
        }
        throw new IllegalStateException("no rule " + ruleId);
    }

    private ObjectNode rule(String id, FindingEntry first, boolean dockerfileRule) {
        ObjectNode rule = json.createObjectNode();
        rule.put("id", id);
        String what;
        String help;
        if (dockerfileRule) {
            what = "Dockerfile habit " + id + " keeps bytes in the image";
            help = "Fix: " + remedyOf(first.message()) + ". Why each Dockerfile rule matters and how to fix it: "
                    + DOCKERFILE_RULES_URI;
            rule.put("helpUri", DOCKERFILE_RULES_URI);
        } else if (REGISTRY_ERROR.equals(first.rule())) {
            what = "The image could not be weighed (policy " + first.policy() + ", onRegistryError)";
            help = "Check the reference, that the registry answers, and the pull secret or auth file that opens it;"
                    + " the policy's onRegistryError decides meanwhile.";
            rule.put("helpUri", POLICY_RULES_URI);
        } else {
            what = "Image size rule " + first.rule() + " of policy " + first.policy();
            help =
                    "Shrink the image: start FROM a small base (alpine, distroless, scratch); install and clean up in the"
                            + " same RUN (apk add --no-cache, rm -rf /var/lib/apt/lists/*, pip install --no-cache-dir); build in"
                            + " a multi-stage build and copy only the result; keep data out of the image (.dockerignore).";
            rule.put("helpUri", POLICY_RULES_URI);
        }
        rule.putObject("shortDescription").put("text", what);
        rule.putObject("fullDescription").put("text", what + ". " + help);
        rule.putObject("help").put("text", help);
        rule.putObject("defaultConfiguration").put("level", level(first));
        rule.putObject("properties").putArray("policies");
        return rule;
    }

    /** A finding's message ends with its remedy, after the last {@code ; }. */
    private static String remedyOf(String message) {
        int split = message.lastIndexOf("; ");
        return split < 0 ? message : message.substring(split + 2);
    }

    private ObjectNode document(String version) {
        ObjectNode document = json.createObjectNode();
        document.put("$schema", SCHEMA);
        document.put("version", "2.1.0");
        ObjectNode run = document.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "weighbridge");
        driver.put("version", version);
        driver.put("informationUri", DOCS + "README.md");
        ArrayNode ruleList = driver.putArray("rules");
        rules.values().forEach(ruleList::add);
        run.set("results", results);
        return document;
    }
}
