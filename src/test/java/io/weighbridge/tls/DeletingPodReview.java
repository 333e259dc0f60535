package io.weighbridge.tls;

/** An AdmissionReview of a Pod already being deleted: the webhook allows it at once, weighing nothing. */
public final class DeletingPodReview {
    private static final String REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
             "uid":"%s","kind":{"group":"","version":"v1","kind":"Pod"},
             "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"shop","operation":"UPDATE",
             "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop",
               "deletionTimestamp":"2030-01-01T00:00:00Z"},
               "spec":{"containers":[{"name":"web","image":"registry.invalid/shop/web:1"}]}}}}""";

    private DeletingPodReview() {}

    public static String json(String uid) {
        return REVIEW.formatted(uid);
    }

    /** Whether {@code body} is the webhook's "allowed" answer to the review {@code uid}. */
    public static boolean allowed(String body, String uid) {
        return body.contains("\"uid\":\"" + uid + "\"") && body.contains("\"allowed\":true");
    }
}
