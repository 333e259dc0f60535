package io.weighbridge.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.weighbridge.dockerfile.DockerfileLinter;
import io.weighbridge.image.ImageReference;
import io.weighbridge.image.InvalidImageReferenceException;
import io.weighbridge.workload.WorkloadKinds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML document into validated {@link Policy}s, reporting every problem. A
 * document is an {@code ImageSizePolicy} or a {@code ClusterImageSizePolicy}, or a list of them
 * ({@code kind: List} or {@code …List} with {@code items}, as {@code kubectl get -o yaml} prints).
 *
 * <p>How documents map to scopes: a {@code ClusterImageSizePolicy}, and an {@code ImageSizePolicy}
 * whose {@code metadata} names no namespace (what policy files have always held), are cluster-wide;
 * an {@code ImageSizePolicy} with {@code metadata.namespace} applies only in that namespace and
 * cannot choose others ({@code match.namespaces} and {@code match.excludeNamespaces} are refused).
 */
final class PolicyDocumentReader {
    static final String API_VERSION = "weighbridge.io/v1alpha1";
    static final String KIND = "ImageSizePolicy";
    static final String CLUSTER_KIND = "ClusterImageSizePolicy";
    static final String EXCEPTION_KIND = "ImageSizeException";
    static final List<String> KINDS = List.of(KIND, CLUSTER_KIND);

    /** {@code status} is the cluster's (conditions, the version in force): read from resources, never from here. */
    static final List<String> TOP_FIELDS = List.of("apiVersion", "kind", "metadata", "spec", "status");
    /** Every field of Kubernetes' ObjectMeta, so {@code kubectl get -o yaml} output reads as it is; only name and namespace count. */
    static final List<String> METADATA_FIELDS = List.of(
            "name",
            "namespace",
            "labels",
            "annotations",
            "generateName",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "finalizers",
            "ownerReferences",
            "managedFields",
            "selfLink");

    static final List<String> SPEC_FIELDS =
            List.of("enforcement", "match", "excludeImages", "onRegistryError", "rules", "dockerfileRules");
    static final List<String> DOCKERFILE_RULE_VALUES = List.of("off", "warn", "deny");
    static final List<String> MATCH_FIELDS = List.of("namespaces", "excludeNamespaces", "kinds");
    /** What a namespaced policy may not choose: it applies in its own namespace only. */
    static final List<String> CLUSTER_MATCH_FIELDS = List.of("namespaces", "excludeNamespaces");

    static final List<String> CONDITIONS = List.of("maxSize", "maxLayers", "preferredBases", "maxGrowth");
    static final List<String> RULE_FIELDS =
            List.of("name", "maxSize", "maxLayers", "preferredBases", "maxGrowth", "action");
    private static final Map<String, String> MISPLACED_AT_TOP = misplaced(SPEC_FIELDS, "spec.");

    /** Lowercase RFC 1123 label: names end up in messages and metric labels. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final Pattern PERCENT = Pattern.compile("([0-9]+(\\.[0-9]+)?)%");
    private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);

    private final Problems problems;
    /** What {@code match.kinds} may name: the built-in kinds and the configured custom ones. */
    private final WorkloadKinds kinds;

    PolicyDocumentReader(Problems problems, WorkloadKinds kinds) {
        this.problems = problems;
        this.kinds = kinds;
    }

    /** A policy read from a document, with where its name was written (for duplicate checks). */
    record ReadPolicy(Policy policy, int nameLine) {}

    /** The policies of a document: one, the items of a list, or none when it has problems. */
    List<ReadPolicy> read(Node document) {
        if (document instanceof MappingNode mapping && isList(mapping)) {
            return readItems(mapping);
        }
        return readOne(document, "").map(List::of).orElse(List.of());
    }

    private List<ReadPolicy> readItems(MappingNode list) {
        Node items = null;
        for (NodeTuple tuple : list.getValue()) {
            if ("items".equals(scalarText(tuple.getKeyNode()))) {
                items = tuple.getValueNode();
            }
        }
        if (!(items instanceof SequenceNode sequence)) {
            problems.add(
                    items == null ? list : items,
                    "items",
                    "must be a list of ImageSizePolicy or ClusterImageSizePolicy objects");
            return List.of();
        }
        List<ReadPolicy> read = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            readOne(sequence.getValue().get(i), "items[" + i + "]").ifPresent(read::add);
        }
        return read;
    }

    /** {@code kind: List} or {@code ImageSizePolicyList}…: a mapping with {@code items} and a kind ending in List. */
    private static boolean isList(MappingNode mapping) {
        boolean hasItems = false;
        String kind = null;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalarText(tuple.getKeyNode());
            if ("items".equals(key)) {
                hasItems = true;
            } else if ("kind".equals(key)) {
                kind = scalarText(tuple.getValueNode());
            }
        }
        return hasItems && kind != null && kind.endsWith("List");
    }

    private Optional<ReadPolicy> readOne(Node document, String at) {
        int before = problems.count();
        YamlMapping top = YamlMapping.read(document, at, TOP_FIELDS, MISPLACED_AT_TOP, problems);
        String kind = top == null ? null : policyKind(top);
        if (kind == null) {
            return Optional.empty();
        }
        YamlMapping metadata = required(top, "metadata", METADATA_FIELDS);
        Node nameNode = metadata == null ? null : metadata.value("name");
        String name = metadata == null ? null : name(metadata, "name");
        String namespace = metadata == null ? null : namespace(metadata, kind);
        YamlMapping spec = required(top, "spec", SPEC_FIELDS);
        if (spec == null) {
            return Optional.empty();
        }
        Enforcement enforcement = enumValue(spec, "enforcement", Enforcement.class, Enforcement.ENFORCE);
        Match match = match(spec, namespace);
        List<String> excludeImages = imagePatterns(spec);
        Action onRegistryError = enumValue(spec, "onRegistryError", Action.class, Action.WARN);
        List<Rule> rules = rules(spec);
        Map<String, Action> dockerfileRules = dockerfileRules(spec);
        if (problems.count() > before) {
            return Optional.empty();
        }
        Policy policy = new Policy(
                name,
                problems.source(),
                enforcement,
                match,
                excludeImages,
                onRegistryError,
                rules,
                dockerfileRules,
                namespace);
        return Optional.of(new ReadPolicy(policy, Problems.lineOf(nameNode)));
    }

    /** The document's kind when it is a policy of a known version, else {@code null} with the problem reported. */
    private String policyKind(YamlMapping top) {
        String kind = scalarText(top.value("kind"));
        String apiVersion = scalarText(top.value("apiVersion"));
        if (kind == null || apiVersion == null) {
            String missing = kind == null ? "kind" : "apiVersion";
            problems.add(
                    top.node(),
                    top.path(missing),
                    "is required (" + (kind == null ? KIND + " or " + CLUSTER_KIND : API_VERSION) + ")");
            return null;
        }
        if (EXCEPTION_KIND.equals(kind)) {
            problems.add(
                    top.value("kind"),
                    top.path("kind"),
                    EXCEPTION_KIND + " objects are read from the cluster only"
                            + " (kubectl apply them there); policy files hold " + KIND + " and " + CLUSTER_KIND
                            + " documents");
            return null;
        }
        if (!KINDS.contains(kind)) {
            problems.add(
                    top.value("kind"),
                    top.path("kind"),
                    "not an " + KIND + " (" + apiVersion + ", " + kind + "); only " + KIND + " and " + CLUSTER_KIND
                            + " documents belong in policy files");
            return null;
        }
        if (!API_VERSION.equals(apiVersion)) {
            problems.add(
                    top.value("apiVersion"),
                    top.path("apiVersion"),
                    "unsupported version " + apiVersion + "; expected " + API_VERSION);
            return null;
        }
        return kind;
    }

    /** The namespace of a namespaced ImageSizePolicy, or {@code null} for a cluster-wide policy. */
    private String namespace(YamlMapping metadata, String kind) {
        if (!metadata.has("namespace")) {
            return null;
        }
        if (CLUSTER_KIND.equals(kind)) {
            problems.add(
                    metadata.value("namespace"),
                    metadata.path("namespace"),
                    "a " + CLUSTER_KIND + " is cluster-wide and has no namespace; remove it, or make it an " + KIND
                            + " to apply in that namespace only");
            return null;
        }
        return name(metadata, "namespace");
    }

    private Match match(YamlMapping spec, String namespace) {
        if (!spec.has("match")) {
            return Match.ALL;
        }
        YamlMapping match = YamlMapping.read(spec.value("match"), spec.path("match"), MATCH_FIELDS, problems);
        if (match == null) {
            return Match.ALL;
        }
        if (namespace != null) {
            for (String field : CLUSTER_MATCH_FIELDS) {
                if (match.has(field)) {
                    problems.add(
                            match.value(field),
                            match.path(field),
                            "a namespaced " + KIND + " applies only in its own" + " namespace (" + namespace
                                    + "); remove " + field + ", or make it a " + CLUSTER_KIND);
                }
            }
        }
        List<String> matched = texts(match, "kinds");
        for (int i = 0; i < matched.size(); i++) {
            if (!kinds.hasName(matched.get(i))) {
                Node item = ((SequenceNode) match.value("kinds")).getValue().get(i);
                String hint = Suggestions.closest(matched.get(i), kinds.names())
                        .map(c -> "; did you mean " + c + "?")
                        .orElse("; supported: " + kinds.describeNames());
                problems.add(item, match.path("kinds") + "[" + i + "]", "unsupported kind " + matched.get(i) + hint);
            }
        }
        return new Match(texts(match, "namespaces"), texts(match, "excludeNamespaces"), matched);
    }

    /** {@code dockerfileRules: {apk-no-cache: deny, consecutive-runs: off}}; every rule not named warns. */
    private Map<String, Action> dockerfileRules(YamlMapping spec) {
        Node node = spec.value("dockerfileRules");
        if (node == null || isNull(node)) {
            return Map.of();
        }
        String path = spec.path("dockerfileRules");
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "must map Dockerfile rule ids to off, warn or deny, e.g. {apk-no-cache: deny}");
            return Map.of();
        }
        List<String> ids = DockerfileLinter.ruleIds();
        Map<String, Action> settings = new java.util.LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String id = scalarText(tuple.getKeyNode());
            String field = YamlMapping.child(path, id == null ? "?" : id);
            if (id == null || !ids.contains(id)) {
                String hint = id == null
                        ? ""
                        : Suggestions.closest(id, ids)
                                .map(c -> "; did you mean " + c + "?")
                                .orElse("");
                problems.add(
                        tuple.getKeyNode(),
                        field,
                        "unknown Dockerfile rule " + (id == null ? describe(tuple.getKeyNode()) : id) + hint
                                + (hint.isEmpty() ? "; rules: " + String.join(", ", ids) : ""));
                continue;
            }
            String value = scalarText(tuple.getValueNode());
            if (value == null || !DOCKERFILE_RULE_VALUES.contains(value)) {
                String written = value == null ? describe(tuple.getValueNode()) : value;
                problems.add(
                        tuple.getValueNode(),
                        field,
                        "unknown value " + written + "; expected one of off, warn, deny"
                                + (value == null ? "" : Suggestions.didYouMean(value, DOCKERFILE_RULE_VALUES)));
                continue;
            }
            settings.put(id, value.equals("off") ? Action.ALLOW : Action.valueOf(value.toUpperCase(Locale.ROOT)));
        }
        return settings;
    }

    private List<String> imagePatterns(YamlMapping spec) {
        List<String> patterns = texts(spec, "excludeImages");
        for (int i = 0; i < patterns.size(); i++) {
            if (!patterns.get(i).contains("/") && !patterns.get(i).equals("**")) {
                Node item =
                        ((SequenceNode) spec.value("excludeImages")).getValue().get(i);
                problems.add(
                        item,
                        spec.path("excludeImages") + "[" + i + "]",
                        "never matches: patterns apply to normalised references like docker.io/library/"
                                + patterns.get(i) + ", so write the registry and repository");
            }
        }
        return patterns;
    }

    private List<Rule> rules(YamlMapping spec) {
        Node rulesNode = spec.value("rules");
        if (rulesNode == null || isNull(rulesNode)) {
            problems.add(spec.node(), spec.path("rules"), "at least one rule is required");
            return List.of();
        }
        if (!(rulesNode instanceof SequenceNode sequence)) {
            problems.add(rulesNode, spec.path("rules"), "must be a list of rules");
            return List.of();
        }
        if (sequence.getValue().isEmpty()) {
            problems.add(rulesNode, spec.path("rules"), "at least one rule is required");
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> nameLines = new HashMap<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            String path = spec.path("rules") + "[" + i + "]";
            YamlMapping rule = YamlMapping.read(sequence.getValue().get(i), path, RULE_FIELDS, problems);
            if (rule == null) {
                continue;
            }
            String name = name(rule, "name");
            if (name != null) {
                int line = Problems.lineOf(rule.value("name"));
                Integer first = nameLines.putIfAbsent(name, line);
                if (first != null) {
                    problems.add(
                            line, rule.path("name"), "duplicate rule name " + name + " (first at line " + first + ")");
                }
            }
            rule(rule, name).ifPresent(rules::add);
        }
        return rules;
    }

    private Optional<Rule> rule(YamlMapping rule, String name) {
        List<String> conditions = CONDITIONS.stream().filter(rule::has).toList();
        if (conditions.size() > 1 || conditions.isEmpty() && !rule.hasUnknownFields()) {
            String found = conditions.isEmpty()
                    ? "none"
                    : String.join(" and ", conditions) + "; split them into separate rules";
            problems.add(
                    rule.node(),
                    pathOf(rule),
                    "a rule needs exactly one of " + String.join(", ", CONDITIONS) + "; found " + found);
        }
        Long maxSizeBytes = rule.has("maxSize") ? maxSize(rule) : null;
        String maxSize = rule.has("maxSize") ? scalarText(rule.value("maxSize")) : null;
        Integer maxLayers = rule.has("maxLayers") ? maxLayers(rule) : null;
        List<String> preferredBases = rule.has("preferredBases") ? preferredBases(rule) : List.of();
        GrowthBudget maxGrowth = rule.has("maxGrowth") ? maxGrowth(rule) : null;
        Action action = ruleAction(rule);
        if (name == null || action == null || conditions.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(new Rule(name, maxSizeBytes, maxSize, maxLayers, preferredBases, action, maxGrowth));
    }

    /** {@code 20%} of the replaced image's size, or an amount such as {@code 200Mi}; zero allows no growth. */
    private GrowthBudget maxGrowth(YamlMapping rule) {
        Node node = rule.value("maxGrowth");
        String written = scalarText(node);
        String path = rule.path("maxGrowth");
        if (written == null || !(node instanceof ScalarNode)) {
            problems.add(node, path, "must be a share of the replaced image such as 20% or an amount such as 200Mi");
            return null;
        }
        java.util.regex.Matcher percent = PERCENT.matcher(written);
        if (percent.matches()) {
            return GrowthBudget.percent(written, new BigDecimal(percent.group(1)));
        }
        if (written.endsWith("%")) {
            problems.add(node, path, written + " is not a percentage; write e.g. 20% or 12.5%");
            return null;
        }
        Long bytes = bytes(node, path, written, true);
        return bytes == null ? null : GrowthBudget.bytes(written, bytes);
    }

    private static String pathOf(YamlMapping mapping) {
        String namePath = mapping.path("name");
        return namePath.substring(0, namePath.length() - ".name".length());
    }

    private Long maxSize(YamlMapping rule) {
        Node node = rule.value("maxSize");
        String written = scalarText(node);
        String path = rule.path("maxSize");
        if (written == null || !(node instanceof ScalarNode)) {
            problems.add(node, path, "must be a Kubernetes quantity such as 5Gi or 500Mi");
            return null;
        }
        return bytes(node, path, written, false);
    }

    /** A Kubernetes quantity as whole bytes; zero only when {@code zeroAllowed}. */
    private Long bytes(Node node, String path, String written, boolean zeroAllowed) {
        BigDecimal bytes;
        try {
            bytes = Quantity.getAmountInBytes(new Quantity(written));
        } catch (RuntimeException e) {
            problems.add(node, path, written + " is not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G");
            return null;
        }
        if (bytes.signum() < 0 || bytes.signum() == 0 && !zeroAllowed) {
            problems.add(node, path, "must be " + (zeroAllowed ? "zero or more" : "above zero") + ", got " + written);
            return null;
        }
        if (bytes.signum() > 0 && bytes.compareTo(BigDecimal.ONE) < 0
                || bytes.stripTrailingZeros().scale() > 0) {
            String hint = written.endsWith("m")
                    ? " (m means milli; did you mean " + written.replaceAll("m$", "Mi") + "?)"
                    : "";
            problems.add(node, path, written + " is not a whole number of bytes" + hint);
            return null;
        }
        if (bytes.compareTo(MAX_BYTES) > 0) {
            problems.add(node, path, written + " is too large");
            return null;
        }
        return bytes.longValueExact();
    }

    private Integer maxLayers(YamlMapping rule) {
        Node node = rule.value("maxLayers");
        String path = rule.path("maxLayers");
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(scalar.getTag())) {
            problems.add(node, path, "must be a whole number, got " + describe(node));
            return null;
        }
        try {
            int layers = Integer.parseInt(scalar.getValue());
            if (layers <= 0) {
                problems.add(node, path, "must be above zero, got " + layers);
                return null;
            }
            return layers;
        } catch (NumberFormatException e) {
            problems.add(node, path, "must be a whole number below 2147483648, got " + scalar.getValue());
            return null;
        }
    }

    private List<String> preferredBases(YamlMapping rule) {
        List<String> bases = texts(rule, "preferredBases");
        Node node = rule.value("preferredBases");
        if (bases.isEmpty() && node instanceof SequenceNode) {
            problems.add(node, rule.path("preferredBases"), "must name at least one base");
        }
        for (int i = 0; i < bases.size(); i++) {
            String base = bases.get(i);
            Node item = ((SequenceNode) node).getValue().get(i);
            String path = rule.path("preferredBases") + "[" + i + "]";
            if (BaseFamilies.isDistributionId(base)) {
                if (!BaseFamilies.KNOWN.contains(base.toLowerCase(Locale.ROOT))) {
                    String hint = Suggestions.closest(base, BaseFamilies.KNOWN)
                            .map(c -> "; did you mean " + c + "?")
                            .orElse("; known: " + String.join(", ", BaseFamilies.KNOWN)
                                    + ", or an image reference such as docker.io/library/" + base + ":latest");
                    problems.add(item, path, "unknown distribution " + base + hint);
                }
            } else {
                try {
                    ImageReference.parse(base);
                } catch (InvalidImageReferenceException e) {
                    problems.add(item, path, e.getMessage());
                }
            }
        }
        return bases;
    }

    private Action ruleAction(YamlMapping rule) {
        if (!rule.has("action")) {
            problems.add(rule.node(), rule.path("action"), "is required (warn or deny)");
            return null;
        }
        String written = scalarText(rule.value("action"));
        if ("allow".equals(written)) {
            problems.add(
                    rule.value("action"),
                    rule.path("action"),
                    "must be warn or deny (allow is what happens when no rule matches)");
            return null;
        }
        Action action = enumValue(rule, "action", Action.class, null);
        return action == Action.ALLOW ? null : action;
    }

    private <E extends Enum<E>> E enumValue(YamlMapping mapping, String field, Class<E> type, E fallback) {
        if (!mapping.has(field)) {
            return fallback;
        }
        Node node = mapping.value(field);
        String written = scalarText(node);
        List<String> ids = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String id = constant.name().toLowerCase(Locale.ROOT);
            if (id.equals(written)) {
                return constant;
            }
            ids.add(id);
        }
        if ("action".equals(field)) {
            ids.remove("allow");
        }
        String value = written == null ? describe(node) : written;
        problems.add(
                node,
                mapping.path(field),
                "unknown value " + value + "; expected one of " + String.join(", ", ids)
                        + (written == null ? "" : Suggestions.didYouMean(written, ids)));
        return fallback;
    }

    private YamlMapping required(YamlMapping parent, String field, List<String> known) {
        Node node = parent.value(field);
        if (node == null || isNull(node)) {
            problems.add(node == null ? parent.node() : node, parent.path(field), "is required");
            return null;
        }
        return YamlMapping.read(node, parent.path(field), known, problems);
    }

    private String name(YamlMapping mapping, String field) {
        Node node = mapping.value(field);
        String name = scalarText(node);
        if (name == null || name.isEmpty()) {
            problems.add(node == null ? mapping.node() : node, mapping.path(field), "is required");
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(
                    node,
                    mapping.path(field),
                    name
                            + " is not a valid name: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
            return null;
        }
        return name;
    }

    /** A list of strings; absent or null means empty. */
    private List<String> texts(YamlMapping mapping, String field) {
        Node node = mapping.value(field);
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(
                    node,
                    mapping.path(field),
                    "must be a list, e.g. ["
                            + Optional.ofNullable(scalarText(node)).orElse("…") + "]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String text = scalarText(item);
            if (text == null || text.isBlank()) {
                problems.add(item, mapping.path(field) + "[" + i + "]", "must be a non-empty string");
            } else {
                values.add(text);
            }
        }
        return values.size() == sequence.getValue().size() ? values : List.of();
    }

    /** The text of a non-null scalar, or {@code null}. */
    private static String scalarText(Node node) {
        return node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag()) ? scalar.getValue() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return Tag.NULL.equals(scalar.getTag()) ? "nothing" : scalar.getValue();
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    private static Map<String, String> misplaced(List<String> fields, String prefix) {
        Map<String, String> hints = new HashMap<>();
        fields.forEach(f -> hints.put(f, "it belongs under spec (" + prefix + f + ")"));
        return hints;
    }
}
