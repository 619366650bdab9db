package org.fnnc.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesTheValuesOfAHeader() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5e1], \"b\\u00e9\\n\": {\"c\": \"x\\\"y\"}, \"t\": true, \"n\": null} ");
        assertEquals(Map.of("a", List.of(1L, -2L, 35.0), "bé\n", Map.of("c", "x\"y"), "t", true),
                withoutNulls(v));
    }

    private static Object withoutNulls(Object v) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        m.values().removeIf(x -> x == null);
        return m;
    }

    @Test
    void rejectsMalformedInputWithAPosition() {
        assertEquals("expected ',' or '}' at character 8",
                assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 1 \"b\": 2}")).getMessage());
        assertEquals("duplicate key \"a\" at character 9",
                assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}")).getMessage());
        assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 01}"));
        assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 99999999999999999999}"));
        assertThrows(Json.SyntaxException.class, () -> Json.parse("{\"a\": 1} x"));
        assertThrows(Json.SyntaxException.class, () -> Json.parse("\"unterminated"));
        assertThrows(Json.SyntaxException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void quoteRoundTrips() throws Exception {
        String s = "tab\t \"quote\" back\\slash \u0001 é";
        assertEquals(s, Json.parse(Json.quote(s)));
    }
}
