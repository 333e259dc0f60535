package io.weighbridge.build;

import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One line per judged build output: INFO when weighed, WARN when it could not be. The fields go to
 * the MDC for the length of the call too, so a JSON log ({@code weighbridge.log.json}) holds them
 * as values. Names objects and the image, never credentials.
 */
final class BuildOutputLog {
    private static final Logger LOG = Logger.getLogger(BuildOutputLog.class);

    /** The MDC keys of a build output line. */
    static final List<String> FIELDS =
            List.of("namespace", "build", "buildConfig", "image", "digest", "sizeBytes", "verdict", "rules", "reason");

    private BuildOutputLog() {}

    static void judged(JudgedOutput judged) {
        OutputImage output = judged.output();
        put("namespace", output.namespace());
        put("build", output.build());
        put("buildConfig", output.buildConfig());
        put("image", output.image().toString());
        put("digest", output.image().digest());
        put("verdict", judged.verdict());
        try {
            if (judged.weighed()) {
                long size = judged.weight().sizeBytes();
                put("sizeBytes", String.valueOf(size));
                put("rules", String.join(",", judged.rules()));
                LOG.infof(
                        "build output build=%s buildConfig=%s image=%s sizeBytes=%d verdict=%s rules=%s",
                        output.buildName(),
                        output.buildConfig(),
                        output.image(),
                        size,
                        judged.verdict(),
                        judged.rules());
            } else {
                put("reason", judged.error());
                LOG.warnf(
                        "build output build=%s buildConfig=%s image=%s verdict=error reason=\"%s\"",
                        output.buildName(), output.buildConfig(), output.image(), judged.error());
            }
        } finally {
            FIELDS.forEach(MDC::remove);
        }
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
