package io.weighbridge.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a rule does when it matches, and the verdict of a judgement; ordered weakest first. */
public enum Action {
    ALLOW,
    WARN,
    DENY;

    public static Action strongest(Action a, Action b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
