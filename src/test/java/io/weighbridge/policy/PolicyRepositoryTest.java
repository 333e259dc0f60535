package io.weighbridge.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.image.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyRepositoryTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final String NO_POLICIES = PolicyRepository.NO_POLICIES;

    @TempDir
    Path dir;

    private PolicyRepository repository;

    @AfterEach
    void stop() {
        if (repository != null) {
            repository.close();
        }
    }

    @Test
    void theEnforcementOverrideReplacesEveryPolicysOwn() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, false, java.util.Optional.of(Enforcement.WARN));
        repository.start();
        assertFalse(repository.current().policies().isEmpty());
        assertTrue(repository.current().policies().stream().allMatch(p -> p.enforcement() == Enforcement.WARN));
    }

    @Test
    void keepsTheLastGoodPoliciesWhenAFileBreaksAndLoadsTheFix() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();
        assertEquals("1Gi", maxSize());

        Files.writeString(dir.resolve("p.yaml"), policy("limit", "lots"));
        await(() -> repository.loadFailures() == 1);
        assertEquals("1Gi", maxSize());
        assertEquals(
                List.of(dir.resolve("p.yaml")
                        + ":8: spec.rules[0].maxSize: lots is not a Kubernetes quantity; write e.g. 5Gi, 500Mi or 2G"),
                repository.lastProblems().stream().map(PolicyProblem::toString).toList());

        Files.writeString(dir.resolve("p.yaml"), policy("limit", "2Gi"));
        await(() -> "2Gi".equals(maxSize()));
        assertEquals(List.of(), repository.lastProblems());
        assertEquals(2, repository.loadSuccesses());
        assertEquals(1, repository.loadFailures());
    }

    @Test
    void reportsTheSameBrokenContentOnlyOnce() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "lots"));
        repository = new PolicyRepository(dir, INTERVAL, false);

        repository.start();
        repository.refresh();
        repository.refresh();

        assertEquals(1, repository.loadFailures());
    }

    @Test
    void seesAConfigMapUpdateBySymlinkSwap() throws Exception {
        Path first = Files.createDirectories(dir.resolve("..2024_01_01_00_00_00.1"));
        Files.writeString(first.resolve("p.yaml"), policy("limit", "1Gi"));
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(dir.resolve("p.yaml"), Path.of("..data/p.yaml"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();
        assertEquals("1Gi", maxSize());

        // What the kubelet does: write a new timestamped folder, then atomically repoint ..data.
        Path second = Files.createDirectories(dir.resolve("..2024_01_01_00_01_00.2"));
        Files.writeString(second.resolve("p.yaml"), policy("limit", "3Gi"));
        Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(
                dir.resolve("..data_tmp"),
                dir.resolve("..data"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        await(() -> "3Gi".equals(maxSize()));
    }

    @Test
    void startsNotReadyWithTheProblemsWhenThePoliciesAreInvalid() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "5GB"));
        repository = new PolicyRepository(dir, INTERVAL, false);

        repository.start();
        HealthCheckResponse health = new PolicyReadinessCheck(repository).call();

        assertFalse(repository.loaded());
        assertEquals(PolicySet.EMPTY, repository.current());
        assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
        assertTrue(
                health.getData()
                        .orElseThrow()
                        .get("problems")
                        .toString()
                        .contains("p.yaml:8: spec.rules[0].maxSize: 5GB"),
                health.getData().toString());
    }

    @Test
    void becomesReadyOnceAValidSetLoads() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "5GB"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();

        Files.writeString(dir.resolve("p.yaml"), policy("limit", "5Gi"));
        await(repository::loaded);

        HealthCheckResponse health = new PolicyReadinessCheck(repository).call();
        assertEquals(HealthCheckResponse.Status.UP, health.getStatus());
        assertEquals(1L, health.getData().orElseThrow().get("policies"));
        assertTrue(repository.lastLoaded().isPresent());
    }

    @Test
    void aMissingPathIsAnErrorThatNamesIt() {
        Path missing = dir.resolve("nowhere");
        repository = new PolicyRepository(missing, INTERVAL, false);

        repository.start();

        assertFalse(repository.loaded());
        assertEquals(
                missing + ": no such file or folder (set weighbridge.policy.path to where the policies are)",
                repository.lastProblems().get(0).toString());
    }

    @Test
    void withoutWatchingChangesAreNotPickedUp() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, false);
        repository.start();

        Files.writeString(dir.resolve("p.yaml"), policy("limit", "2Gi"));
        Thread.sleep(INTERVAL.toMillis() * 4);

        assertEquals("1Gi", maxSize());
    }

    @Test
    void emptyingTheOnlyPolicyFileIsAFailedLoadThatKeepsTheLastGoodSet() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();

        Files.writeString(dir.resolve("p.yaml"), "");
        await(() -> repository.loadFailures() == 1);

        assertEquals("1Gi", maxSize());
        assertEquals(List.of(dir + ": " + NO_POLICIES), problems());
        HealthCheckResponse health = new PolicyReadinessCheck(repository).call();
        assertEquals(HealthCheckResponse.Status.UP, health.getStatus(), "the last good set is in force");
        assertTrue(
                health.getData().orElseThrow().get("problems").toString().contains(NO_POLICIES),
                health.getData().toString());
        assertTrue(
                health.getData().orElseThrow().containsKey("lastRejected"),
                health.getData().toString());
    }

    @Test
    void deletingEveryPolicyFileIsAFailedLoadThatKeepsTheLastGoodSet() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), policy("a", "1Gi"));
        Files.writeString(dir.resolve("b.yaml"), policy("b", "2Gi"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();

        Files.delete(dir.resolve("a.yaml"));
        Files.delete(dir.resolve("b.yaml"));
        await(() -> repository.loadFailures() == 1);

        assertEquals(
                List.of("a", "b"),
                repository.current().policies().stream().map(Policy::name).toList());
        assertEquals(List.of(dir + ": " + NO_POLICIES), problems());
    }

    @Test
    void aFileOfOnlyCommentsHoldsNoPolicyEither() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, false);
        repository.start();

        Files.writeString(dir.resolve("p.yaml"), "# policies moved to another ConfigMap\n---\n");
        repository.refresh();

        assertEquals("1Gi", maxSize());
        assertEquals(1, repository.loadFailures());
    }

    @Test
    void anInPlaceWriteNeverInstallsZeroPolicies() throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();
        AtomicBoolean sawNone = new AtomicBoolean();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                if (repository.current().policies().isEmpty()) {
                    sawNone.set(true);
                }
                Thread.onSpinWait();
            }
        });
        sampler.start();
        try {
            // What `cat new.yaml > p.yaml` does: truncate first, then write; here slowly enough
            // that several polls see the empty file.
            Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            Thread.sleep(INTERVAL.toMillis() * 4);
            Files.writeString(file, policy("limit", "2Gi"));
            await(() -> "2Gi".equals(maxSize()));
        } finally {
            sampling.set(false);
            sampler.join();
        }

        assertFalse(sawNone.get(), "an empty set was installed while the file was being written");
    }

    @Test
    void startsNotReadyWhenThereIsNoPolicyAtAll() {
        repository = new PolicyRepository(dir, INTERVAL, false);

        repository.start();
        HealthCheckResponse health = new PolicyReadinessCheck(repository).call();

        assertFalse(repository.loaded());
        assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
        assertEquals(dir + ": " + NO_POLICIES, health.getData().orElseThrow().get("problems"));
        assertEquals(1, repository.loadFailures());
    }

    @Test
    void allowEmptyInstallsAnEmptySetOnPurpose() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(
                dir, INTERVAL, false, Optional.empty(), true, io.weighbridge.workload.WorkloadKinds.builtIn());
        repository.start();

        Files.delete(dir.resolve("p.yaml"));
        repository.refresh();

        assertTrue(repository.loaded());
        assertEquals(List.of(), repository.current().policies());
        assertEquals(0, repository.loadFailures());
        assertEquals(2, repository.loadSuccesses());
    }

    @Test
    void anOversizedImageIsStillDeniedAfterTheOnlyPolicyFileIsEmptied() throws Exception {
        String huge = "registry.test/app/huge:1.0";
        FakeWeigher weigher = new FakeWeigher().with(FakeWeigher.image(huge, null, 3 * FakeWeigher.GIB));
        Files.writeString(dir.resolve("p.yaml"), policy("limit", "1Gi"));
        repository = new PolicyRepository(dir, INTERVAL, true);
        repository.start();
        DefaultPolicyEngine engine = new DefaultPolicyEngine(weigher, repository::current);

        Files.writeString(dir.resolve("p.yaml"), "");
        Thread.sleep(INTERVAL.toMillis() * 10);
        Evaluation evaluation = engine.evaluate(new EvaluationRequest(
                        "shop", "Pod", List.of(ImageUse.of(huge)), null, Deadline.in(Duration.ofSeconds(5))))
                .get(5, TimeUnit.SECONDS);

        assertEquals(Action.DENY, evaluation.verdict());
        assertEquals(1, repository.loadFailures());
    }

    private List<String> problems() {
        return repository.lastProblems().stream().map(PolicyProblem::toString).toList();
    }

    private String maxSize() {
        return repository.current().policies().get(0).rules().get(0).maxSize();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 5s");
            }
            Thread.sleep(10);
        }
    }

    private static String policy(String name, String maxSize) {
        return """
                apiVersion: weighbridge.io/v1alpha1
                kind: ImageSizePolicy
                metadata:
                  name: %s
                spec:
                  rules:
                    - name: cap
                      maxSize: %s
                      action: deny
                """.formatted(name, maxSize);
    }
}
