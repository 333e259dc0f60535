package io.weighbridge.cli;

/** Exit codes of the commands; 0–2 are the contract of DESIGN.md. */
final class ExitCodes {
    /** Allowed (warnings included), or a valid policy. */
    static final int OK = 0;
    /** Denied, or an invalid policy for {@code policy lint}. */
    static final int DENIED_OR_INVALID = 1;
    /** Usage errors, unreadable inputs, invalid policy files for {@code check}. */
    static final int USAGE = 2;
    /** The check itself failed (a bug, or no engine): neither allowed nor denied. */
    static final int FAILED = 3;

    private ExitCodes() {}
}
