package io.weighbridge.policy;

import io.weighbridge.image.OneLine;
import io.weighbridge.policy.PolicyDocumentReader.ReadPolicy;
import io.weighbridge.policy.PolicySources.SourceText;
import io.weighbridge.workload.WorkloadKinds;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code ImageSizePolicy} documents from a file, a folder or inline text into a validated
 * {@link PolicySet}. Every problem is reported at once, each naming file, line and field path.
 */
public final class PolicyLoader {
    private static final int MAX_ALIASES = 20;

    private PolicyLoader() {}

    /** Loads a policy file, or every {@code *.yaml}/{@code *.yml} file under a folder, matching built-in kinds only. */
    public static PolicySet load(Path path) throws PolicyValidationException {
        return load(path, WorkloadKinds.builtIn());
    }

    /**
     * Loads a policy file, or every {@code *.yaml}/{@code *.yml} file under a folder (see {@link PolicySources}).
     *
     * @param kinds the kinds {@code match.kinds} may name
     */
    public static PolicySet load(Path path, WorkloadKinds kinds) throws PolicyValidationException {
        return parse(PolicySources.read(path).sources(), kinds);
    }

    /** Parses policy text given inline (a test), matching built-in kinds only. */
    public static PolicySet parse(String yaml, String sourceName) throws PolicyValidationException {
        return parse(yaml, sourceName, WorkloadKinds.builtIn());
    }

    /**
     * Parses policy text given inline (an API body, a test).
     *
     * @param sourceName names the text in problems
     * @param kinds the kinds {@code match.kinds} may name
     */
    public static PolicySet parse(String yaml, String sourceName, WorkloadKinds kinds)
            throws PolicyValidationException {
        return parse(List.of(new SourceText(sourceName, yaml)), kinds);
    }

    /**
     * Reads a policy resource of the cluster ({@code ImageSizePolicy} or {@code ClusterImageSizePolicy})
     * by the same reader as the files, so both sources accept exactly the same policies.
     *
     * @param namespace the resource's namespace, {@code null} for a cluster-scoped one
     * @param spec its {@code spec}, as the API server stored it (maps, lists, scalars)
     * @param kinds the kinds {@code match.kinds} may name
     * @throws PolicyValidationException naming the resource and each problem's field (no line)
     */
    public static Policy readResource(String kind, String namespace, String name, Object spec, WorkloadKinds kinds)
            throws PolicyValidationException {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("apiVersion", PolicyDocumentReader.API_VERSION);
        document.put("kind", kind);
        document.put("metadata", metadata);
        document.put("spec", spec);
        Problems problems = new Problems(kind + " " + (namespace == null ? "" : namespace + "/") + name);
        List<PolicyDocumentReader.ReadPolicy> read =
                new PolicyDocumentReader(problems, kinds).read(new Yaml().represent(document));
        if (!problems.isEmpty() || read.size() != 1) {
            throw new PolicyValidationException(problems.list());
        }
        return read.get(0).policy();
    }

    static PolicySet parse(List<SourceText> sources, WorkloadKinds kinds) throws PolicyValidationException {
        List<PolicyProblem> problems = new ArrayList<>();
        List<Policy> policies = new ArrayList<>();
        Map<String, String> firstNamed = new HashMap<>();
        for (SourceText source : sources) {
            Problems fileProblems = new Problems(source.name());
            for (ReadPolicy read : readDocuments(source, fileProblems, kinds)) {
                String id = read.policy().id();
                String where = source.name() + ":" + read.nameLine();
                String first = firstNamed.putIfAbsent(id, where);
                if (first != null) {
                    fileProblems.add(
                            read.nameLine(),
                            "metadata.name",
                            "duplicate policy name " + id + " (first at " + first + ")");
                } else {
                    policies.add(read.policy());
                }
            }
            problems.addAll(fileProblems.list());
        }
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
        return new PolicySet(policies);
    }

    private static List<ReadPolicy> readDocuments(SourceText source, Problems problems, WorkloadKinds kinds) {
        List<ReadPolicy> policies = new ArrayList<>();
        PolicyDocumentReader reader = new PolicyDocumentReader(problems, kinds);
        try {
            for (Node document : yaml().composeAll(new StringReader(source.text()))) {
                if (!isEmpty(document)) {
                    policies.addAll(reader.read(document));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
            String hint = problem.contains("<block") ? " (check the indentation)" : "";
            problems.add(line, null, "invalid YAML: " + problem + hint);
        } catch (YAMLException e) {
            problems.add(0, null, "invalid YAML: " + oneLine(e.getMessage()));
        } catch (NumberFormatException e) {
            // SnakeYAML's scanner parses the hex digits of an escape it found cut off by the end of the file ("\x)
            problems.add(
                    (int) source.text().lines().count(),
                    null,
                    "invalid YAML: an escape sequence (\\x, \\u or \\U) is cut off by the end of the file");
        }
        return policies;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        return new Yaml(options);
    }

    /** {@code ---} with nothing after it, or only comments. */
    private static boolean isEmpty(Node document) {
        return document == null || document instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String oneLine(String text) {
        return text == null ? "" : OneLine.of(text);
    }
}
