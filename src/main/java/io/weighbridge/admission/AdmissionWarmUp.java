package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and answers one review of every judged kind at startup. The first use of fabric8's
 * deserializer scans its model classes and Jackson introspects the AdmissionReview types: seconds
 * of work that would otherwise block the event loop under the first real admission.
 */
@ApplicationScoped
class AdmissionWarmUp {

    private static final List<String> OBJECTS = List.of(
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}",
            template("apps/v1", "Deployment"),
            template("apps/v1", "ReplicaSet"),
            template("apps/v1", "StatefulSet"),
            template("apps/v1", "DaemonSet"),
            template("batch/v1", "Job"),
            "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"metadata\":{\"name\":\"w\"},"
                    + "\"spec\":{\"schedule\":\"* * * * *\",\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":"
                    + "{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}}}",
            template("v1", "ReplicationController"),
            template("apps.openshift.io/v1", "DeploymentConfig"));

    private final AdmissionReviewReader reader;
    private final ObjectMapper mapper;

    AdmissionWarmUp(AdmissionReviewReader reader, ObjectMapper mapper) {
        this.reader = reader;
        this.mapper = mapper;
    }

    void onStart(@Observes StartupEvent started) throws JsonProcessingException {
        for (String object : OBJECTS) {
            ReceivedReview review = reader.read(review(object).getBytes(StandardCharsets.UTF_8));
            mapper.writeValueAsBytes(AdmissionResponses.unreadable(review, "warm-up"));
        }
    }

    private static String template(String apiVersion, String kind) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"w\"},"
                + "\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}";
    }

    private static String review(String object) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"warm-up\",\"operation\":\"CREATE\",\"namespace\":\"warm-up\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":" + object + "}}";
    }
}
