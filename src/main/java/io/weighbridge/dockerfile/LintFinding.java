package io.weighbridge.dockerfile;

import io.weighbridge.image.OneLine;

/**
 * One habit that makes the image bigger.
 *
 * @param rule the rule's stable id ({@code apk-no-cache})
 * @param line the 1-based line of the instruction
 * @param problem what is wrong, one sentence
 * @param remedy how to fix it, one sentence
 */
public record LintFinding(String rule, int line, String problem, String remedy) {
    /** Problems quote the Dockerfile (a base, a command), which may hold line breaks and characters no one can see. */
    public LintFinding {
        problem = OneLine.of(problem);
        remedy = OneLine.of(remedy);
    }

    /** {@code line 4: problem; remedy} */
    public String text() {
        return "line " + line + ": " + problem + "; " + remedy;
    }
}
