package io.weighbridge.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.weighbridge.jmh.HotPathFixtures;
import io.weighbridge.policy.Evaluation;
import io.weighbridge.policy.PolicyEngine;
import java.io.IOException;
import io.weighbridge.image.Deadline;
import io.weighbridge.workload.WorkloadKinds;
import io.weighbridge.workload.WorkloadReader;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading an AdmissionReview and writing the answer, beside two baselines measured in the same
 * run: fabric8's binding of the whole review (what the peer webhook does) and a token scan of the
 * body (the least any JSON reading costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionCodecBenchmark {

    /** Never reached: the benchmarks time the reading, not a wait. */
    private static final Deadline FAR = Deadline.in(Duration.ofDays(1));

    @Param({"pod", "deployment", "cronjob"})
    public String review;

    private ObjectMapper mapper;
    private AdmissionReviewReader reader;
    private byte[] body;
    private ReceivedReview received;
    private Evaluation evaluation;

    @Setup
    public void setUp() {
        // As Quarkus configures the application's mapper.
        mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        reader = new AdmissionReviewReader(mapper, new WorkloadReader(WorkloadKinds.builtIn()));
        body = HotPathFixtures.review(review);
        received = reader.read(body);
        PolicyEngine engine = HotPathFixtures.engine();
        Triage.Judge judge = (Triage.Judge) AdmissionTriage.triage(received, FAR);
        evaluation = engine.evaluate(judge.evaluation()).join();
    }

    /** Weighbridge's reading: envelope, then the object into fabric8's typed model. */
    @Benchmark
    public ReceivedReview decode() {
        return reader.read(body);
    }

    /** The reading and the triage that finds what to judge (kind, namespace, images, pull secrets). */
    @Benchmark
    public Triage decodeAndTriage() {
        return AdmissionTriage.triage(reader.read(body), FAR);
    }

    /** Baseline: the peer's reading, the whole review bound to fabric8's AdmissionReview. */
    @Benchmark
    public AdmissionReview baselineFabric8Binding() throws IOException {
        return mapper.readValue(body, AdmissionReview.class);
    }

    /** Baseline: every token of the body read and dropped, the floor of any JSON reading. */
    @Benchmark
    public int baselineTokenScan() throws IOException {
        int tokens = 0;
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                tokens++;
            }
        }
        return tokens;
    }

    /** The answer of a judged review (this one warns: its 100-layer image), rendered to bytes. */
    @Benchmark
    public byte[] encodeJudged() {
        return AnswerJson.write(AdmissionResponses.judged(received, evaluation));
    }

    /** Baseline: a bare "allowed" answer as the peer writes it, through fabric8's model and the mapper. */
    @Benchmark
    public byte[] baselineEncodeAllowed() throws IOException {
        return mapper.writeValueAsBytes(new AdmissionReviewBuilder()
                .withApiVersion(received.apiVersion())
                .withKind("AdmissionReview")
                .withResponse(new AdmissionResponseBuilder()
                        .withUid(received.uid())
                        .withAllowed(true)
                        .build())
                .build());
    }
}
