package io.weighbridge.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/** Reading one JSON value of a stream whole, as the mapper reads it. */
public final class JsonValues {
    private JsonValues() {}

    /**
     * The value at the parser's token, whole; the parser is left at its last token. A string is
     * made into its node directly: most values the readers keep are strings, and the mapper sets up
     * a deserialization for each value it reads.
     */
    public static JsonNode whole(ObjectMapper mapper, JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return JsonNodeFactory.instance.textNode(parser.getText());
        }
        return mapper.readValue(parser, JsonNode.class);
    }
}
