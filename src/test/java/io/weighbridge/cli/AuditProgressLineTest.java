package io.weighbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditProgressLineTest {

    @Test
    void countsObjectsWhileListingThenImagesOfTheirTotal() {
        AuditProgressLine progress = new AuditProgressLine("all namespaces");
        assertEquals("listing workloads in all namespaces: 0 objects", progress.line());

        progress.listed(250);
        assertEquals("listing workloads in all namespaces: 250 objects", progress.line());

        progress.listed(812);
        progress.judged(0, 120);
        progress.judged(37, 120);
        assertEquals("weighing images: 37 of 120 (812 objects in all namespaces)", progress.line());
    }
}
