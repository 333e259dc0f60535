package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an {@link AdmissionAnswer} straight to bytes with Jackson's generator, which escapes
 * every string: the AdmissionReview fabric8's model would render for the same answer
 * ({@code AnswerJsonAgreementTest}), without building that model on every admission.
 */
final class AnswerJson {
    private static final JsonFactory JSON = new JsonFactory();
    /** Room for the envelope, a uid and a few warnings: most answers need no second buffer. */
    private static final int TYPICAL_BYTES = 512;

    private AnswerJson() {}

    static byte[] write(AdmissionAnswer answer) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(TYPICAL_BYTES)) {
            try (JsonGenerator json = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
                json.writeStartObject();
                writeStringField(json, "apiVersion", answer.apiVersion());
                json.writeStringField("kind", "AdmissionReview");
                json.writeObjectFieldStart("response");
                json.writeBooleanField("allowed", answer.allowed());
                if (answer.denial() != null) {
                    writeStatus(json, answer.denial());
                }
                writeStringField(json, "uid", answer.uid());
                if (!answer.warnings().isEmpty()) {
                    json.writeArrayFieldStart("warnings");
                    for (String warning : answer.warnings()) {
                        json.writeString(warning);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    private static void writeStatus(JsonGenerator json, AdmissionAnswer.Denial denial) throws IOException {
        json.writeObjectFieldStart("status");
        json.writeStringField("apiVersion", "v1");
        json.writeNumberField("code", denial.code());
        json.writeStringField("kind", "Status");
        writeStringField(json, "message", denial.message());
        json.writeStringField("reason", denial.reason());
        json.writeStringField("status", "Failure");
        json.writeEndObject();
    }

    /** Like fabric8's model, a field without a value is left out. */
    private static void writeStringField(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
