package io.weighbridge.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one policy source instead of stopping at the first. */
final class Problems {
    private final String source;
    private final List<PolicyProblem> found = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(Node node, String field, String message) {
        add(lineOf(node), field, message);
    }

    void add(int line, String field, String message) {
        found.add(new PolicyProblem(source, line, field, message));
    }

    /** In the order of the file. */
    List<PolicyProblem> list() {
        return found.stream()
                .sorted(Comparator.comparingInt(PolicyProblem::line))
                .toList();
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    static int lineOf(Node node) {
        return node == null || node.getStartMark() == null
                ? 0
                : node.getStartMark().getLine() + 1;
    }
}
