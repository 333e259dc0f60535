package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "openshift-*, openshift-monitoring, true",
        "openshift-*, openshift, false",
        "*, anything, true",
        "kube-system, kube-system, true",
        "kube-system, kube-system-2, false",
        "ml-?, ml-1, true",
        "ml-?, ml-12, false",
        "quay.io/acme/*, quay.io/acme/app:1.0, true",
        "quay.io/acme/*, quay.io/acme/team/app:1.0, false",
        "quay.io/acme/**, quay.io/acme/team/app:1.0, true",
        "quay.io/acme/ml-*, quay.io/acme/ml-train:2, true",
        "docker.io/library/nginx:1.*, docker.io/library/nginx:1.27, true",
        "docker.io/library/nginx:1.*, docker.io/library/nginx:2.0, false",
        "registry.test:5000/app/*, registry.test:5000/app/small:1.0, true",
        "a.b/c, aXb/c, false"
    })
    void matchesLikeAShellWhereOneStarStaysWithinAPathSegment(String glob, String text, boolean matches) {
        assertEquals(matches, Glob.matches(glob, text));
    }

    /** The short forms (a name, {@code prefix*}, {@code prefix**}) match exactly what the glob's regular expression does. */
    @Test
    void compiledShortFormsAgreeWithTheRegularExpression() {
        List<String> globs = List.of(
                "",
                "*",
                "**",
                "?",
                "kube-system",
                "openshift-*",
                "ml-**",
                "quay.io/acme/*",
                "quay.io/acme/**",
                "a.b/c",
                "x*y",
                "*-system",
                "ml-?",
                "a**b",
                "[a]*",
                "\\Q*",
                "pre+*");
        List<String> texts = List.of(
                "",
                "kube-system",
                "kube-system-2",
                "openshift-",
                "openshift-monitoring",
                "openshift-a/b",
                "ml-",
                "ml-1",
                "ml-a/b/c",
                "ml-a\nb",
                "ml-a\rb",
                "ml-\u2028",
                "ml-\u0085",
                "quay.io/acme/app:1",
                "quay.io/acme/team/app:1",
                "quay.io/acme/",
                "aXb/c",
                "a.b/c",
                "xy",
                "x/y",
                "[a]b",
                "\\Q",
                "pre+",
                "pre+x",
                "prex",
                "a\nb",
                "ab",
                "a/b");
        for (String glob : globs) {
            for (String text : texts) {
                assertEquals(
                        Glob.regex(glob).matcher(text).matches(),
                        Glob.of(glob).matches(text),
                        "glob '" + glob + "' on '" + text + "'");
            }
        }
    }
}
