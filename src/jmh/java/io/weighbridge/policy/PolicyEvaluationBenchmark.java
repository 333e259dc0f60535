package io.weighbridge.policy;

import io.weighbridge.jmh.HotPathFixtures;
import io.weighbridge.image.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine judging the Pod review's four images (1, 10, 2 and 100 layers; the last warns) by
 * the shipped policies, with every weight already cached: what a warm admission spends on
 * policies. The baseline judges one image under no rule (a namespace no policy matches).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyEvaluationBenchmark {
    private PolicyEngine engine;
    private EvaluationRequest pod;
    private EvaluationRequest unjudged;

    @Setup
    public void setUp() {
        engine = HotPathFixtures.engine();
        Deadline far = Deadline.in(Duration.ofDays(1));
        pod = new EvaluationRequest("shop", "Pod", List.of(
                new ImageUse(HotPathFixtures.image("init"), "init:migrate", false),
                new ImageUse(HotPathFixtures.image("web"), "web", false),
                new ImageUse(HotPathFixtures.image("sidecar"), "sidecar", false),
                new ImageUse(HotPathFixtures.image("agent"), "agent", false)), null, far);
        unjudged = new EvaluationRequest("kube-system", "Pod",
                List.of(new ImageUse(HotPathFixtures.image("init"), "c", false)), null, far);
    }

    @Benchmark
    public Evaluation evaluatePod() {
        return engine.evaluate(pod).join();
    }

    @Benchmark
    public Evaluation baselineNoPolicyApplies() {
        return engine.evaluate(unjudged).join();
    }
}
