package io.weighbridge.image;

import java.util.function.Supplier;

/** A value made by its first {@link #get}, then kept (two racing first calls may both make one; either is kept). */
final class OnFirstUse<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T made;

    OnFirstUse(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T value = made;
        if (value == null) {
            value = make.get();
            made = value;
        }
        return value;
    }
}
