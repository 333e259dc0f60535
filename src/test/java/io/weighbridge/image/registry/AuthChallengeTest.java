package io.weighbridge.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void readsDockerHubBearerChallenge() {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");
        assertEquals(
                List.of(new AuthChallenge(
                        "bearer",
                        Map.of(
                                "realm", "https://auth.docker.io/token",
                                "service", "registry.docker.io",
                                "scope", "repository:library/nginx:pull"))),
                challenges);
    }

    @Test
    void readsBasicChallengeOfDistributionRegistry() {
        assertEquals(
                List.of(new AuthChallenge("basic", Map.of("realm", "Registry Realm"))),
                AuthChallenge.parseAll("Basic realm=\"Registry Realm\""));
    }

    @Test
    void readsSeveralChallengesAndUnquotedOrEscapedValues() {
        List<AuthChallenge> challenges = AuthChallenge.parseAll(
                "Basic realm=\"a \\\"quoted\\\" realm\", Bearer realm=https://t.example/token, service=reg");
        assertEquals(2, challenges.size());
        assertEquals("a \"quoted\" realm", challenges.get(0).parameter("realm").orElseThrow());
        assertEquals(
                "https://t.example/token", challenges.get(1).parameter("realm").orElseThrow());
        assertEquals("reg", challenges.get(1).parameter("service").orElseThrow());
    }

    @Test
    void toleratesGarbage() {
        assertTrue(AuthChallenge.parseAll(null).isEmpty());
        assertTrue(AuthChallenge.parseAll("").isEmpty());
        assertEquals(
                "bearer",
                AuthChallenge.parseAll("Bearer realm=\"unterminated").get(0).scheme());
    }
}
