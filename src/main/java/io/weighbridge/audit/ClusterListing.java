package io.weighbridge.audit;

import java.util.List;

/**
 * What was listed.
 *
 * @param objects every Pod and pod controller found
 * @param notes kinds that were not listed, and why (not served by this cluster, forbidden)
 */
public record ClusterListing(List<ClusterObject> objects, List<String> notes) {
    public ClusterListing {
        objects = List.copyOf(objects);
        notes = List.copyOf(notes);
    }

    /** How many objects were listed. */
    public int size() {
        return objects.size();
    }
}
