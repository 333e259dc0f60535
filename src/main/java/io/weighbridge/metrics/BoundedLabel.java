package io.weighbridge.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values admitted first come, first served up to a bound; any further value is
 * {@link MetricNames#OTHER}. Keeps a label fed by user input (a registry host in an image name)
 * from growing the number of series without end.
 */
public final class BoundedLabel {
    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public BoundedLabel(int max) {
        this.max = max;
    }

    public String of(String value) {
        if (value == null || value.isEmpty()) {
            return MetricNames.OTHER;
        }
        if (admitted.contains(value)) {
            return value;
        }
        synchronized (this) {
            if (admitted.size() < max) {
                admitted.add(value);
                return value;
            }
        }
        return admitted.contains(value) ? value : MetricNames.OTHER;
    }
}
