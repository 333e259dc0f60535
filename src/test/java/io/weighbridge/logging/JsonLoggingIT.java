package io.weighbridge.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

/** With weighbridge.log.json=true the console writes JSON. */
@QuarkusTest
@TestProfile(JsonLogProfile.class)
class JsonLoggingIT {

    @Test
    void theConsoleWritesJson() throws java.io.IOException {
        List<ConsoleHandler> consoles = new ArrayList<>();
        collect(LogContext.getLogContext().getLogger("").getHandlers(), consoles);
        assertFalse(consoles.isEmpty(), "no console handler");
        assertTrue(
                consoles.stream().allMatch(c -> c.getFormatter() instanceof JsonFormatter),
                "console formatters: "
                        + consoles.stream()
                                .map(c -> c.getFormatter().getClass().getName())
                                .toList());

        // A decision, for the eye: its line shows in the build output as JSON, the fields under "mdc".
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(new String(
                        JsonLoggingIT.class
                                .getResourceAsStream("/e2e/json-log-review.json")
                                .readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8))
                .when()
                .post("/validate")
                .then()
                .statusCode(200);
    }

    private static void collect(Handler[] handlers, List<ConsoleHandler> into) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler console) {
                into.add(console);
            } else if (handler instanceof ExtHandler nested) {
                collect(nested.getHandlers(), into);
            }
        }
    }
}
