package io.weighbridge.cli;

/** How {@code check} prints its report. */
enum OutputFormat {
    table,
    json
}
