package org.fnnc.generator.emit;

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
            char safe = c == '\\' ? '/' : c >= 0x20 && c < 0x7f ? c : '?';
            if (safe == '/' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '*') {
                sb.append(' ');
            }
            sb.append(safe);
        }
        return sb.toString();
    }
}
