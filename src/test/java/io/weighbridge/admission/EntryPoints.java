package io.weighbridge.admission;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.weighbridge.cli.CdiCommandFactory;
import io.weighbridge.cli.WeighbridgeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine;

/**
 * One object judged by the running application through each entry point that reads objects: an
 * admission ({@code POST /validate}, as an apiserver sends it), a dry run ({@code POST
 * /api/v1/check}) and {@code check -o json -f FILE} run in-process by the command line's own beans.
 */
final class EntryPoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntryPoints() {}

    /**
     * What an entry point decided, in the terms all three share: the verdict, and the messages of
     * the denying and the warning findings (dry-run ones left out), each set sorted.
     */
    record Judgement(String verdict, List<String> denials, List<String> warnings) {}

    /**
     * @param admission the AdmissionReview {@code /validate} answered
     * @param api the report {@code /api/v1/check} answered (HTTP 200 asserted)
     * @param cli the report {@code check -o json -f} printed
     * @param cliExit its exit code
     * @param cliErr what it wrote on stderr
     */
    record Answers(JsonPath admission, JsonNode api, JsonNode cli, int cliExit, String cliErr) {
        Judgement ofAdmission() {
            boolean allowed = admission.getBoolean("response.allowed");
            List<String> warnings = admission.getList("response.warnings") == null
                    ? List.of()
                    : admission.getList("response.warnings", String.class);
            String message = admission.getString("response.status.message");
            List<String> denials = allowed || message == null ? List.of() : List.of(message.split("\n"));
            String verdict = !allowed ? "deny" : warnings.isEmpty() ? "allow" : "warn";
            return new Judgement(verdict, sorted(denials), sorted(warnings));
        }

        Judgement ofApi() {
            return judgementOf(api);
        }

        Judgement ofCli() {
            return judgementOf(cli);
        }

        @Override
        public String toString() {
            return "/validate: " + admission.prettify() + "\n/api/v1/check: " + api.toPrettyString()
                    + "\ncheck -f (exit " + cliExit + "): " + (cli == null ? "" : cli.toPrettyString()) + "\nstderr: "
                    + cliErr;
        }
    }

    /**
     * @param object the object, in the namespace it names
     * @param work a folder for the file {@code check -f} reads
     */
    static Answers judge(JsonNode object, CdiCommandFactory commands, Path work) {
        JsonPath admission = given().contentType(ContentType.JSON)
                .body(AdmissionReviewFixture.create(object).json())
                .when()
                .post("/validate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        ObjectNode body = JSON.createObjectNode();
        body.set("object", object);
        String api = given().contentType(ContentType.JSON)
                .body(body.toString())
                .when()
                .post("/api/v1/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WeighbridgeCommand.commandLine(commands);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        try {
            Path file = Files.createTempFile(work, "object-", ".yaml");
            Files.writeString(file, object.toPrettyString());
            int exit = line.execute("check", "-o", "json", "-f", file.toString());
            return new Answers(
                    admission,
                    JSON.readTree(api),
                    out.toString().isBlank() ? null : JSON.readTree(out.toString()),
                    exit,
                    err.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Judgement judgementOf(JsonNode report) {
        if (report == null) {
            return new Judgement(null, List.of(), List.of());
        }
        List<String> denials = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<JsonNode> findings = new ArrayList<>();
        report.path("images").forEach(image -> image.path("findings").forEach(findings::add));
        report.path("dockerfile").forEach(findings::add);
        for (JsonNode finding : findings) {
            if (!finding.path("dryRun").asBoolean()) {
                switch (finding.path("action").asText()) {
                    case "deny" -> denials.add(finding.path("message").asText());
                    case "warn" -> warnings.add(finding.path("message").asText());
                    default -> {}
                }
            }
        }
        return new Judgement(report.path("verdict").asText(), sorted(denials), sorted(warnings));
    }

    private static List<String> sorted(List<String> messages) {
        return List.copyOf(new TreeSet<>(messages));
    }
}
