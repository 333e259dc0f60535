package io.weighbridge.admission;

import io.weighbridge.workload.ContainerImage;
import java.util.List;

/** Each sample manifest of a judged kind and the images a reader of it should find. */
final class SampleWorkloads {

    record Sample(String manifest, String kind, List<ContainerImage> images) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private SampleWorkloads() {}

    static List<Sample> all() {
        return List.of(
                new Sample(
                        "pod.yaml",
                        "Pod",
                        List.of(
                                new ContainerImage("init:fetch-config", "busybox:1.36"),
                                new ContainerImage("toolbox", "registry.example.com/platform/toolbox:2.4.1"),
                                new ContainerImage("ephemeral:debugger", "nicolaka/netshoot:v0.13"))),
                new Sample(
                        "deployment.yaml",
                        "Deployment",
                        List.of(
                                new ContainerImage("init:migrate", "ghcr.io/acme/storefront-migrations:1.8.0"),
                                new ContainerImage("web", "ghcr.io/acme/storefront:1.8.0"),
                                new ContainerImage("metrics", "prom/statsd-exporter:v0.26.1"))),
                new Sample(
                        "replicaset.yaml",
                        "ReplicaSet",
                        List.of(new ContainerImage(
                                "php-redis", "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5"))),
                new Sample(
                        "statefulset.yaml",
                        "StatefulSet",
                        List.of(
                                new ContainerImage("init:fix-permissions", "alpine:3.20"),
                                new ContainerImage("postgres", "postgres:16-alpine"))),
                new Sample(
                        "daemonset.yaml",
                        "DaemonSet",
                        List.of(new ContainerImage("node-exporter", "quay.io/prometheus/node-exporter:v1.8.2"))),
                new Sample(
                        "job.yaml",
                        "Job",
                        List.of(
                                new ContainerImage("init:download-dataset", "amazon/aws-cli:2.17.0"),
                                new ContainerImage(
                                        "train",
                                        "quay.io/acme/ml-recommender-trainer@sha256:"
                                                + "3f1d6e4b2a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e"))),
                new Sample(
                        "cronjob.yaml",
                        "CronJob",
                        List.of(
                                new ContainerImage("pg-dump", "postgres:16-alpine"),
                                new ContainerImage("upload", "rclone/rclone:1.67"))),
                new Sample(
                        "replicationcontroller.yaml",
                        "ReplicationController",
                        List.of(new ContainerImage("nginx", "nginx"))),
                new Sample(
                        "deploymentconfig.yaml",
                        "DeploymentConfig",
                        List.of(
                                new ContainerImage(
                                        "init:wait-for-db", "registry.access.redhat.com/ubi9/ubi-minimal:9.4"),
                                new ContainerImage(
                                        "billing",
                                        "image-registry.openshift-image-registry.svc:5000/finance/billing@sha256:"
                                                + "9b2a7c1d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"))));
    }
}
