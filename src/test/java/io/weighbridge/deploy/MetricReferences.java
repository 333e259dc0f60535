package io.weighbridge.deploy;

import io.weighbridge.metrics.MetricNames;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads, and whether weighbridge (or Prometheus, the JVM) exposes them. */
final class MetricReferences {
    private static final Pattern WEIGHBRIDGE = Pattern.compile("\\bweighbridge_[a-z0-9_]+");
    private static final Pattern ANY_NAME =
            Pattern.compile("\\b(up|process_[a-z0-9_]+|jvm_[a-z0-9_]+|kube_[a-z0-9_]+)\\b");
    private static final Set<String> TYPE_SUFFIXES = Set.of("_bucket", "_count", "_sum", "_max");

    private MetricReferences() {}

    /** Every weighbridge_* name in the expression that no metric of {@link MetricNames} produces. */
    static Set<String> unknown(String promQl) {
        Set<String> unknown = new TreeSet<>();
        Matcher m = WEIGHBRIDGE.matcher(promQl);
        while (m.find()) {
            if (!exists(m.group())) {
                unknown.add(m.group());
            }
        }
        return unknown;
    }

    /** Whether the expression reads any metric at all (weighbridge's or a standard one). */
    static boolean readsAMetric(String promQl) {
        return WEIGHBRIDGE.matcher(promQl).find() || ANY_NAME.matcher(promQl).find();
    }

    static boolean exists(String name) {
        if (MetricNames.prometheusNames().contains(name)) {
            return true;
        }
        for (String suffix : TYPE_SUFFIXES) {
            if (name.endsWith(suffix)
                    && MetricNames.prometheusNames().contains(name.substring(0, name.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }
}
