package io.weighbridge.testing;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The API server's authenticator and authorizer, as the fabric8 mock server's expectations:
 * {@code POST …/tokenreviews} authenticates the tokens a test issued, {@code POST
 * …/subjectaccessreviews} allows what a test granted to the user or one of its groups, the way
 * RBAC would (a grant without a namespace is a ClusterRoleBinding: every namespace). Everything
 * else goes on to the mock server's CRUD store.
 *
 * <p>State is static: the mock server is set up by a class the test framework instantiates.
 */
public final class MockAuthApi implements java.util.function.Consumer<KubernetesServer> {
    public static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    public static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private static final Map<String, UserInfo> TOKENS = new ConcurrentHashMap<>();
    private static final Set<String> GRANTS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger TOKEN_REVIEW_COUNT = new AtomicInteger();
    private static final AtomicInteger ACCESS_REVIEW_COUNT = new AtomicInteger();
    private static volatile boolean unavailable;

    /** Sets up an empty cluster with the review endpoints. */
    @Override
    public void accept(KubernetesServer server) {
        install(server);
    }

    public static void install(KubernetesServer server) {
        server.expect()
                .post()
                .withPath(TOKEN_REVIEWS)
                .andReply(reply(MockAuthApi::reviewToken))
                .always();
        server.expect()
                .post()
                .withPath(ACCESS_REVIEWS)
                .andReply(reply(MockAuthApi::reviewAccess))
                .always();
    }

    /** A new token for a user in the given groups (and {@code system:authenticated}, as the API server adds). */
    public static String token(String user, String... groups) {
        List<String> all = new ArrayList<>(List.of(groups));
        all.add("system:authenticated");
        String token = "test-token-" + UUID.randomUUID();
        TOKENS.put(
                token,
                new UserInfoBuilder()
                        .withUsername(user)
                        .withUid(UUID.nameUUIDFromBytes(user.getBytes()).toString())
                        .withGroups(all)
                        .build());
        return token;
    }

    /**
     * Lets a user or group do a verb on a resource.
     *
     * @param resource {@code resource.group} ({@code checks.weighbridge.io}) or a core resource ({@code secrets})
     * @param namespace {@code null} for every namespace (and cluster-scoped requests)
     */
    public static void grant(String subject, String verb, String resource, String namespace) {
        GRANTS.add(key(subject, verb, resource, namespace == null ? "*" : namespace));
    }

    /**
     * Whether the review endpoints answer 403, as they do while the webhook's service account
     * lacks its RBAC (a 5xx would do as well, but fabric8 retries those for over a minute).
     */
    public static void unavailable(boolean down) {
        unavailable = down;
    }

    public static int tokenReviews() {
        return TOKEN_REVIEW_COUNT.get();
    }

    public static int accessReviews() {
        return ACCESS_REVIEW_COUNT.get();
    }

    private static Object reviewToken(String body) {
        TOKEN_REVIEW_COUNT.incrementAndGet();
        TokenReview review = Serialization.unmarshal(body, TokenReview.class);
        UserInfo user = TOKENS.get(review.getSpec().getToken());
        review.setStatus(
                user == null
                        ? new TokenReviewStatusBuilder()
                                .withAuthenticated(false)
                                .withError("invalid bearer token")
                                .build()
                        : new TokenReviewStatusBuilder()
                                .withAuthenticated(true)
                                .withUser(user)
                                .build());
        return review;
    }

    private static Object reviewAccess(String body) {
        ACCESS_REVIEW_COUNT.incrementAndGet();
        SubjectAccessReview review = Serialization.unmarshal(body, SubjectAccessReview.class);
        ResourceAttributes asked = review.getSpec().getResourceAttributes();
        String resource = asked.getGroup() == null || asked.getGroup().isEmpty()
                ? asked.getResource()
                : asked.getResource() + "." + asked.getGroup();
        List<String> subjects = new ArrayList<>();
        subjects.add(review.getSpec().getUser());
        if (review.getSpec().getGroups() != null) {
            subjects.addAll(review.getSpec().getGroups());
        }
        String namespace = asked.getNamespace() == null || asked.getNamespace().isEmpty() ? null : asked.getNamespace();
        boolean allowed = subjects.stream()
                .anyMatch(subject -> GRANTS.contains(key(subject, asked.getVerb(), resource, "*"))
                        || namespace != null && GRANTS.contains(key(subject, asked.getVerb(), resource, namespace)));
        review.setStatus(new SubjectAccessReviewStatusBuilder()
                .withAllowed(allowed)
                .withReason(allowed ? "granted by the test" : "")
                .build());
        return review;
    }

    private static ResponseProvider<Object> reply(Function<String, Object> answer) {
        return new ResponseProvider<>() {
            private Headers headers = Headers.builder().build();

            @Override
            public int getStatusCode(RecordedRequest request) {
                return unavailable ? 403 : 201;
            }

            @Override
            public Object getBody(RecordedRequest request) {
                return unavailable
                        ? "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}"
                        : answer.apply(request.getUtf8Body());
            }

            @Override
            public Headers getHeaders() {
                return headers;
            }

            @Override
            public void setHeaders(Headers headers) {
                this.headers = headers;
            }
        };
    }

    private static String key(String subject, String verb, String resource, String namespace) {
        return subject + "|" + verb + "|" + resource + "|" + namespace;
    }
}
