package io.weighbridge.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weighbridge.admission.MessageCap.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCapTest {
    private static final MessageCap THREE_LINES = new MessageCap(3, 1000, String::length, "denied");

    @Test
    void keepsEverythingThatFits() {
        List<Entry> entries =
                List.of(new Entry("a", "a is big"), new Entry("b", "b is big"), new Entry("b", "b is big"));

        assertEquals(List.of("a is big", "b is big"), THREE_LINES.apply(entries));
    }

    @Test
    void countsTheImagesLeftOut() {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1_250; i++) {
            entries.add(new Entry("image-" + i, "image-" + i + " is big"));
        }

        assertEquals(
                List.of("image-0 is big", "image-1 is big", "image-2 is big", "... and 1,247 more images denied"),
                THREE_LINES.apply(entries));
    }

    @Test
    void saysOneImageInTheSingular() {
        List<Entry> entries =
                List.of(new Entry("a", "a"), new Entry("b", "b"), new Entry("c", "c"), new Entry("d", "d"));

        assertEquals("... and 1 more image denied", THREE_LINES.apply(entries).get(3));
    }

    @Test
    void countsReasonsWhenSomeAreAboutImagesAlreadyShown() {
        List<Entry> entries = List.of(
                new Entry("a", "a breaks rule 1"),
                new Entry("a", "a breaks rule 2"),
                new Entry("a", "a breaks rule 3"),
                new Entry("a", "a breaks rule 4"),
                new Entry("b", "b breaks rule 1"),
                new Entry(null, "Dockerfile line 3"));

        assertEquals(
                "... and 3 more reasons (1 more image denied)",
                THREE_LINES.apply(entries).get(3));
        assertEquals(
                "... and 1 more reason",
                THREE_LINES.apply(entries.subList(0, 4)).get(3));
    }

    @Test
    void stopsAtTheBudgetAndKeepsRoomForTheCount() {
        MessageCap bytes = new MessageCap(10, 500, String::length, "warned about");
        List<Entry> entries =
                List.of(new Entry("a", "a".repeat(300)), new Entry("b", "b".repeat(300)), new Entry("c", "c"));

        List<String> shown = bytes.apply(entries);

        assertEquals(List.of("a".repeat(300), "... and 2 more images warned about"), shown);
        assertTrue(shown.stream().mapToInt(String::length).sum() <= 500);
    }
}
