package io.weighbridge.image;

/**
 * What a weighing is doing now, for the "deadline passed while …" message: kept as the step and
 * what it is about, and written out only when that message is.
 */
final class WeighingProgress {
    // Two fields rather than one value: a warm weighing passes every step and allocates nothing for it.
    // A message written while a step changes may pair the new activity with the old subject.
    private volatile String activity = "starting";
    private volatile Object subject = "";

    void now(String activity) {
        now(activity, "");
    }

    void now(String activity, Object subject) {
        this.subject = subject;
        this.activity = activity;
    }

    String activity() {
        return activity + subject;
    }
}
