package io.weighbridge.cli;

import static io.weighbridge.check.Verdicts.dryRunFinding;
import static io.weighbridge.check.Verdicts.finding;
import static io.weighbridge.check.Verdicts.notWeighed;
import static io.weighbridge.check.Verdicts.weighed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weighbridge.check.CheckReport;
import io.weighbridge.check.CheckReport.ImageUser;
import io.weighbridge.policy.Action;
import io.weighbridge.policy.ByteSizes;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.ImageVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTableTest {

    @Test
    void rendersOneAlignedRowPerImageWithFindingsUnderneath() {
        CheckReport report = CheckReport.of(new Evaluation(
                Action.DENY,
                List.of(
                        weighed("nginx:1.27", 60, finding("very-big", Action.WARN, "nginx:1.27 weighs 61.0 MiB")),
                        notWeighed(
                                "registry.example/ghost:1",
                                "manifest unknown",
                                finding("registry-error", Action.DENY, "could not weigh registry.example/ghost:1")))));

        assertEquals("""
                IMAGE                     SIZE      LAYERS  BASE           VERDICT
                nginx:1.27                61.0 MiB  2       alpine 3.20.3  WARN
                    [warn] cluster-defaults/very-big: nginx:1.27 weighs 61.0 MiB
                registry.example/ghost:1  -         -       -              DENY
                    not weighed: manifest unknown
                    [deny] cluster-defaults/registry-error: could not weigh registry.example/ghost:1

                verdict: DENY (2 images: 1 deny, 1 warn)
                """, new CheckTable(report).render());
    }

    @Test
    void saysWhyAnImageNoPolicyJudgedWasNotWeighed() {
        CheckReport report = CheckReport.of(new Evaluation(
                Action.ALLOW,
                List.of(ImageVerdict.notJudged(
                        "quay.io/acme/ml-trainer:2.1",
                        "excluded by policy ml-workloads (excludeImages \"quay.io/acme/ml-*\")"))));

        assertEquals("""
                IMAGE                        SIZE  LAYERS  BASE  VERDICT
                quay.io/acme/ml-trainer:2.1  -     -       -     ALLOW
                    not weighed: excluded by policy ml-workloads (excludeImages "quay.io/acme/ml-*")

                verdict: ALLOW (1 image: 1 allow)
                """, new CheckTable(report).render());
    }

    @Test
    void showsWhichObjectAndContainerUseTheImage() {
        CheckReport report = CheckReport.of(
                new Evaluation(Action.ALLOW, List.of(weighed("redis:7", 10))),
                image -> List.of(new ImageUser("Deployment/shop/cache", "redis")));

        assertEquals("""
                IMAGE    SIZE      LAYERS  BASE           VERDICT
                redis:7  11.0 MiB  2       alpine 3.20.3  ALLOW
                    used by Deployment/shop/cache, container redis

                verdict: ALLOW (1 image: 1 allow)
                """, new CheckTable(report).render());
    }

    @Test
    void saysWhereABuildConfigNamesTheBaseItBuildsOn() {
        CheckReport report = CheckReport.of(
                new Evaluation(Action.ALLOW, List.of(weighed("alpine:3.20", 3))),
                image -> List.of(ImageUser.of("BuildConfig/shop/catalog", "build:Dockerfile FROM line 2")));

        assertEquals(
                "    used by BuildConfig/shop/catalog as build base (Dockerfile FROM line 2)",
                new CheckTable(report).render().lines().toList().get(2));
    }

    @Test
    void labelsDryRunFindingsSoTheyAreNotMistakenForAllowRules() {
        CheckReport report = CheckReport.of(new Evaluation(
                Action.ALLOW,
                List.of(weighed("python:3.12", 400, dryRunFinding("hard-cap", "python:3.12 would be denied")))));

        String table = new CheckTable(report).render();

        assertEquals(
                "    [dry run] trial/hard-cap: python:3.12 would be denied",
                table.lines().toList().get(2));
    }

    @Test
    void saysSoWhenThereWasNothingToCheck() {
        assertEquals("no images to check\n", new CheckTable(CheckReport.empty()).render());
    }

    @Test
    void printsSizesInBinaryUnitsLikePolicyQuantities() {
        assertEquals("512 B", ByteSizes.format(512));
        assertEquals("1.0 KiB", ByteSizes.format(1024));
        assertEquals("1.5 GiB", ByteSizes.format(3L * 512 * 1024 * 1024));
    }
}
