package io.weighbridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Prints a report as the stable JSON document or as the table an admin reads. */
final class ReportOutput {
    private ReportOutput() {}

    static void print(PrintWriter out, OutputFormat format, ObjectMapper json, Object report, Supplier<String> table) {
        if (format == OutputFormat.json) {
            try {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the report as JSON", e);
            }
        } else {
            out.print(table.get());
        }
        out.flush();
    }
}
