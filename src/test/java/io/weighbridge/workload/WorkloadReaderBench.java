package io.weighbridge.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.weighbridge.testing.WorkloadFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long the workload reader takes per object, against a baseline measured in the same run: what
 * admission did before the reader, binding the whole object to fabric8's typed model (for the kinds
 * and versions fabric8 has a class for). Run by {@code bench/workload-reader}; prints the median
 * time per object of each and their ratio. A later reader (the streaming hot path) can be measured
 * against both the same way.
 */
public final class WorkloadReaderBench {
    private static final int ROUNDS = 15;
    private static final int PASSES_PER_ROUND = 400;

    private WorkloadReaderBench() {}

    public static void main(String[] args) {
        List<JsonNode> objects = new ArrayList<>();
        for (WorkloadFixture fixture : WorkloadFixture.in("kinds")) {
            objects.add(fixture.tree("registry.test/app/big:1.0", "registry.test"));
        }
        WorkloadReader reader = new WorkloadReader(WorkloadKinds.builtIn());
        KubernetesSerialization typed = new KubernetesSerialization();
        Runnable baseline = () -> objects.forEach(object -> sink(typed.convertValue(object, KubernetesResource.class)));
        Runnable subject = () -> objects.forEach(object -> sink(reader.read(object)));
        for (int i = 0; i < 3; i++) { // warm-up: class loading and the JIT
            time(baseline);
            time(subject);
        }
        long[] baselineNanos = new long[ROUNDS];
        long[] subjectNanos = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) { // alternated, so load on the machine hits both alike
            baselineNanos[round] = time(baseline);
            subjectNanos[round] = time(subject);
        }
        double perObject = objects.size() * (double) PASSES_PER_ROUND;
        double before = median(baselineNanos) / perObject;
        double after = median(subjectNanos) / perObject;
        System.out.printf(
                "%d objects (src/test/resources/workloads/kinds), median of %d rounds of %d passes%n",
                objects.size(), ROUNDS, PASSES_PER_ROUND);
        System.out.printf("baseline: fabric8 typed binding of the whole object  %8.1f us/object%n", before / 1000);
        System.out.printf("workload reader: kind table, pod spec bound to PodSpec %8.1f us/object%n", after / 1000);
        System.out.printf("ratio reader/baseline: %.2f%n", after / before);
        System.out.println("(checksum " + checksum + ", so the JIT keeps the work)");
    }

    private static long time(Runnable pass) {
        long started = System.nanoTime();
        for (int i = 0; i < PASSES_PER_ROUND; i++) {
            pass.run();
        }
        return System.nanoTime() - started;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Keeps the JIT from dropping the work. */
    private static int checksum;

    private static void sink(Object result) {
        checksum += System.identityHashCode(result) & 1;
    }
}
