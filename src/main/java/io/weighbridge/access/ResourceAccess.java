package io.weighbridge.access;

/**
 * What a caller asks to do, as a SubjectAccessReview's resource attributes.
 *
 * @param group the API group, empty for the core group
 * @param namespace empty for a cluster-wide request
 */
public record ResourceAccess(String verb, String group, String resource, String namespace) {
    /** The group of weighbridge's own, virtual, resources: nothing is stored under it. */
    public static final String GROUP = "weighbridge.io";
    /** {@code POST /api/v1/check}. */
    public static final ResourceAccess CHECK = new ResourceAccess("create", GROUP, "checks", "");
    /** {@code GET /api/v1/audit}. */
    public static final ResourceAccess AUDIT = new ResourceAccess("get", GROUP, "audits", "");

    /** Reading a namespace's Secrets: what weighing with its pull secrets shows a caller. */
    public static ResourceAccess secretsIn(String namespace) {
        return new ResourceAccess("get", "", "secrets", namespace);
    }

    /** {@code create checks.weighbridge.io}, {@code get secrets in namespace shop}. */
    @Override
    public String toString() {
        String what = verb + " " + (group.isEmpty() ? resource : resource + "." + group);
        return namespace.isEmpty() ? what : what + " in namespace " + namespace;
    }
}
