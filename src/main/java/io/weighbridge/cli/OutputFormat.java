package io.weighbridge.cli;

/** How {@code check} and {@code audit} print their report. */
enum OutputFormat {
    table,
    json,
    /** SARIF 2.1.0, for code scanning ({@code check} only). */
    sarif
}
