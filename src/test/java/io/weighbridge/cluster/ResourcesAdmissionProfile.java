package io.weighbridge.cluster;

/**
 * {@link ResourcesProfile} for the admission tests: a profile of its own, so that their Quarkus
 * restart is a profile restart (a restart under the same profile for another mock server kept
 * meters bound to the previous application, and scraping failed).
 */
public class ResourcesAdmissionProfile extends ResourcesProfile {}
