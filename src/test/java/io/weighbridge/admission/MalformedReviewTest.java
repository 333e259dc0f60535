package io.weighbridge.admission;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@TestProfile(ScriptedEngineProfile.class)
class MalformedReviewTest {

    record Row(String what, String body, String reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    static List<Row> malformedBodies() {
        return List.of(
                new Row("empty body", "", "request body is empty"),
                new Row(
                        "truncated JSON",
                        "{\"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": ",
                        "request body is not JSON: Unexpected end-of-input"),
                new Row(
                        "YAML instead of JSON",
                        "apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\n",
                        "request body is not JSON: Unrecognized token 'apiVersion'"),
                new Row("JSON array", "[]", "request body is not a JSON object"),
                new Row(
                        "no apiVersion",
                        "{\"kind\": \"AdmissionReview\"}",
                        "apiVersion is missing, expected \"admission.k8s.io/v1\""),
                new Row(
                        "other apiVersion",
                        review(r -> r.put("apiVersion", "admission.k8s.io/v2")),
                        "apiVersion is \"admission.k8s.io/v2\", expected \"admission.k8s.io/v1\""),
                new Row(
                        "other kind",
                        review(r -> r.put("kind", "ConversionReview")),
                        "kind is \"ConversionReview\", expected \"AdmissionReview\""),
                new Row("no request", review(r -> r.remove("request")), "AdmissionReview has no request"),
                new Row(
                        "request not an object",
                        review(r -> r.put("request", "CREATE")),
                        "AdmissionReview has no request"),
                new Row("no uid", review(r -> request(r).remove("uid")), "AdmissionReview has no request.uid"),
                new Row("blank uid", review(r -> request(r).put("uid", " ")), "AdmissionReview has no request.uid"),
                new Row(
                        "no operation",
                        review(r -> request(r).remove("operation")),
                        "request.operation is missing, expected one of CREATE, UPDATE, DELETE, CONNECT"),
                new Row(
                        "unknown operation",
                        review(r -> request(r).put("operation", "PATCH")),
                        "request.operation is \"PATCH\", expected one of CREATE, UPDATE, DELETE, CONNECT"),
                new Row(
                        "request.kind a string",
                        review(r -> request(r).put("kind", "Deployment")),
                        "request is not an AdmissionRequest: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void answers400WithAOneLineReason(Row row) {
        Response response =
                given().contentType(ContentType.JSON).body(row.body()).post("/validate");
        assertEquals(400, response.statusCode());
        String body = response.asString();
        assertTrue(body.startsWith(row.reason()), body);
        assertEquals(1, body.strip().lines().count(), body);
    }

    @Test
    void saysWhereTheJsonBreaks() {
        String body = given().contentType(ContentType.JSON)
                .body("{\n  \"apiVersion\": admission\n}")
                .post("/validate")
                .asString();
        assertTrue(body.contains("at line 2, column"), body);
    }

    @TestHTTPResource("/validate")
    URI validate;

    @Test
    void answers413ToABodyDeclaredLargerThanTheLimit() {
        Response response =
                given().contentType(ContentType.JSON).body(oversizeBody()).post("/validate");
        assertEquals(413, response.statusCode());
        assertEquals("AdmissionReview is larger than 6 MiB", response.asString().strip());
    }

    @Test
    void answers413ToAChunkedBodyLargerThanTheLimit() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(validate)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversizeBody())))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("AdmissionReview is larger than 6 MiB", response.body().strip());
    }

    private static byte[] oversizeBody() {
        byte[] body = new byte[ValidateResource.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    private static String review(Consumer<ObjectNode> change) {
        ObjectNode review = AdmissionReviewFixture.create("pod.yaml").review();
        change.accept(review);
        return review.toString();
    }

    private static ObjectNode request(ObjectNode review) {
        return (ObjectNode) review.get("request");
    }
}
