package io.weighbridge.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How hard a policy bites. */
public enum Enforcement {
    /** Rules act as written. */
    ENFORCE,
    /** A deny becomes a warning. */
    WARN,
    /** Nothing reaches the user: findings go only to metrics and logs. */
    DRYRUN;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
