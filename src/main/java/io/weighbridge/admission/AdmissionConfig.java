package io.weighbridge.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The admission webhook ({@code weighbridge.admission.*}). */
@ConfigMapping(prefix = "weighbridge.admission")
public interface AdmissionConfig {

    /**
     * Time within which every admission is answered, whatever the registries do; keep it under
     * the webhook's {@code timeoutSeconds} (at most 10s at the apiserver).
     */
    @WithDefault("8s")
    Duration deadline();
}
