package io.weighbridge.dockerfile;

/**
 * One habit that makes the image bigger.
 *
 * @param rule the rule's stable id ({@code apk-no-cache})
 * @param line the 1-based line of the instruction
 * @param problem what is wrong, one sentence
 * @param remedy how to fix it, one sentence
 */
public record LintFinding(String rule, int line, String problem, String remedy) {
    /** {@code line 4: problem; remedy} */
    public String text() {
        return "line " + line + ": " + problem + "; " + remedy;
    }
}
