/**
 * Policies, exceptions and their status as Kubernetes resources: {@code ClusterImageSizePolicy},
 * namespaced {@code ImageSizePolicy} and {@code ImageSizeException} ({@code weighbridge.io/v1alpha1}),
 * watched with informers where their CRDs are installed, merged with the policy files, and their
 * {@code status} written by the replica that holds the status Lease.
 */
package io.weighbridge.cluster;
