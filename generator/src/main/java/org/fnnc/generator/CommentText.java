package org.fnnc.generator;

/**
 * Makes text safe to place inside a generated comment. Java translates {@code \}{@code u} escapes before it
 * parses comments, so a spec path such as {@code C:\}{@code users\x.yaml} or a crafted {@code \}{@code u000a}
 * could end a comment and inject code; {@code *}{@code /} would end a block comment. Only printable ASCII
 * survives: backslashes become {@code /}, comment terminators are broken up, anything else becomes {@code ?}.
 */
public final class CommentText {

    private CommentText() {
    }

    public static String sanitize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                sb.append('/');
            } else if (c == '/' && i > 0 && text.charAt(i - 1) == '*') {
                sb.append(" /");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append('?');
            }
        }
        return sb.toString();
    }
}
