package io.weighbridge.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Puts back, after each test class, the system properties Quarkus' {@code @WithKubernetesTestServer}
 * sets for fabric8 ({@code kubernetes.master} and its friends) and never clears: left behind, they
 * give every later Quarkus application of the suite a Kubernetes API it does not have, so its
 * dry-run API would ask for bearer tokens and its weighings for pull secrets.
 */
public final class KubernetesTestServerProperties implements TestExecutionListener {
    private static final String FABRIC8_PREFIX = "kubernetes.";
    private static final String[] OTHERS = {"http2.disable", "quarkus.tls.trust-all"};

    private final Map<String, String> before = new HashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Properties current = System.getProperties();
        for (String name : current.stringPropertyNames()) {
            if (ours(name)) {
                before.put(name, current.getProperty(name));
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (identifier.getSource().filter(ClassSource.class::isInstance).isEmpty()) {
            return;
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (ours(name) && !before.containsKey(name)) {
                System.clearProperty(name);
            }
        }
        before.forEach(System::setProperty);
    }

    private static boolean ours(String name) {
        if (name.startsWith(FABRIC8_PREFIX)) {
            return true;
        }
        for (String other : OTHERS) {
            if (other.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
