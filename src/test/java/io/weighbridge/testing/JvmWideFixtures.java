package io.weighbridge.testing;

import io.weighbridge.image.ImageReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps {@link Fixtures} to one set per JVM although Quarkus loads test classes again for every
 * application it starts (each test profile or resource set has its own class loader, and with it
 * its own copy of every static field). The copy in the system class loader owns the registries;
 * every other copy asks it, through reflection and JDK types only, for what it started, and
 * builds views of the same registries and images.
 */
final class JvmWideFixtures {
    private JvmWideFixtures() {}

    static Fixtures obtain() {
        Class<?> owner = ownerCopy();
        if (owner == JvmWideFixtures.class) {
            return FixtureSetup.startAndPush();
        }
        return fromExport(askOwner(owner));
    }

    /** Called by reflection from other class loaders' copies of this class. */
    static Map<String, String> exportForOtherClassLoaders() {
        Fixtures fixtures = Fixtures.get();
        Map<String, String> state = new HashMap<>();
        exportRegistry(state, "plain", fixtures.plainRegistry());
        exportRegistry(state, "auth", fixtures.authRegistry());
        state.put("authFile", fixtures.authFile().toString());
        state.put("pushDurationNanos", Long.toString(fixtures.pushDuration().toNanos()));
        fixtures.images().forEach((name, image) -> {
            String prefix = "image." + name + ".";
            state.put(prefix + "reference", image.reference().toString());
            state.put(prefix + "digest", image.digest());
            state.put(prefix + "sizeBytes", Long.toString(image.sizeBytes()));
            state.put(prefix + "layerCount", Integer.toString(image.layerCount()));
            state.put(prefix + "largestLayerBytes", Long.toString(image.largestLayerBytes()));
            state.put(prefix + "platform", image.platform());
        });
        return state;
    }

    private static Class<?> ownerCopy() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (JvmWideFixtures.class.getClassLoader() == system) {
            return JvmWideFixtures.class;
        }
        try {
            return Class.forName(JvmWideFixtures.class.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError notOnTheSystemClassPath) {
            // E.g. Quarkus dev mode: test classes are not on the system class path; one set per class loader then.
            return JvmWideFixtures.class;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> askOwner(Class<?> owner) {
        try {
            Method export = owner.getDeclaredMethod("exportForOtherClassLoaders");
            export.setAccessible(true);
            return (Map<String, String>) export.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the fixtures of the system class loader", e);
        }
    }

    private static void exportRegistry(Map<String, String> state, String prefix, TestRegistry registry) {
        state.put(prefix + ".hostPort", registry.hostPort());
        state.put(prefix + ".workDirectory", registry.workDirectory().toString());
        if (registry.credentials() != null) {
            state.put(prefix + ".user", registry.credentials().user());
            state.put(prefix + ".password", registry.credentials().password());
        }
    }

    private static Fixtures fromExport(Map<String, String> state) {
        Map<FixtureImage, PushedImage> images = new EnumMap<>(FixtureImage.class);
        for (FixtureImage name : FixtureImage.values()) {
            String prefix = "image." + name + ".";
            images.put(
                    name,
                    new PushedImage(
                            ImageReference.parse(state.get(prefix + "reference")),
                            state.get(prefix + "digest"),
                            Long.parseLong(state.get(prefix + "sizeBytes")),
                            Integer.parseInt(state.get(prefix + "layerCount")),
                            Long.parseLong(state.get(prefix + "largestLayerBytes")),
                            state.get(prefix + "platform")));
        }
        return new Fixtures(
                importRegistry(state, "plain"),
                importRegistry(state, "auth"),
                Path.of(state.get("authFile")),
                images,
                Duration.ofNanos(Long.parseLong(state.get("pushDurationNanos"))));
    }

    private static TestRegistry importRegistry(Map<String, String> state, String prefix) {
        String user = state.get(prefix + ".user");
        TestRegistry.Credentials credentials =
                user == null ? null : new TestRegistry.Credentials(user, state.get(prefix + ".password"));
        return TestRegistry.viewOfShared(
                state.get(prefix + ".hostPort"), Path.of(state.get(prefix + ".workDirectory")), credentials);
    }
}
