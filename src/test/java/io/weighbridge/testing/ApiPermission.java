package io.weighbridge.testing;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RBAC permission a request to the Kubernetes API needs, as {@code group/resource:verb} (the
 * core group empty, a subresource as {@code resource/sub}); empty for discovery and other
 * non-resource paths, which every authenticated account may read.
 */
public final class ApiPermission {
    private ApiPermission() {}

    public static Optional<String> of(RecordedRequest request) {
        return of(request.getMethod(), request.getPath());
    }

    public static Optional<String> of(String method, String path) {
        URI uri = URI.create(path);
        String[] parts = uri.getPath().replaceFirst("^/", "").split("/");
        int at;
        String group;
        if (parts[0].equals("api") && parts.length > 2) {
            group = "";
            at = 2;
        } else if (parts[0].equals("apis") && parts.length > 3) {
            group = parts[1];
            at = 3;
        } else {
            return Optional.empty();
        }
        if (parts[at].equals("namespaces") && parts.length > at + 2) {
            at += 2;
        }
        String resource = parts[at];
        boolean named = parts.length > at + 1;
        if (parts.length > at + 2) {
            resource += "/" + parts[at + 2];
        }
        boolean watch = uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?watch=(true|1)(&.*)?");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method + " " + path);
        };
        return Optional.of(group + "/" + resource + ":" + verb);
    }

    /** What the ClusterRole {@code name} of a manifest file grants, as {@code group/resource:verb}. */
    public static Set<String> grantedByClusterRole(Path manifest, String name) throws IOException {
        Set<String> granted = new TreeSet<>();
        for (String document : Files.readString(manifest).split("(?m)^---\\s*$")) {
            if (Serialization.unmarshal(document) instanceof ClusterRole role
                    && role.getMetadata().getName().equals(name)) {
                for (PolicyRule rule : role.getRules()) {
                    rule.getApiGroups()
                            .forEach(group -> rule.getResources()
                                    .forEach(resource -> rule.getVerbs()
                                            .forEach(verb -> granted.add(group + "/" + resource + ":" + verb))));
                }
            }
        }
        return granted;
    }
}
