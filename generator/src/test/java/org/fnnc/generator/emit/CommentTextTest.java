package org.fnnc.generator.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CommentTextTest {

    @Test
    void unicodeEscapesCannotSurvive() {
        String hostile = "evil\\u000a}static{System.exit(1);}/*\\u002a\\u002f";
        String safe = CommentText.sanitize(hostile);
        assertFalse(safe.contains("\\"), safe);
        assertFalse(safe.contains("*/"), safe);
    }

    @Test
    void commentTerminatorsAndControlCharactersAreBroken() {
        assertEquals("a* /b?c?", CommentText.sanitize("a*/b\nc\u00e9"));
        assertEquals("C:/users/me/net.yaml", CommentText.sanitize("C:\\users\\me\\net.yaml"));
    }
}
