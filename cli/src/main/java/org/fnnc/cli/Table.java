package org.fnnc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and data rows, columns padded; numbers right-aligned, text left-aligned. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    /** A table with these column headers; {@code rightAligned[i]} for numeric columns. */
    Table(String[] header, boolean... rightAligned) {
        this.rightAligned = rightAligned.clone();
        rows.add(header.clone());
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                boolean right = i < rightAligned.length && rightAligned[i];
                sb.append(right ? pad + r[i] : r[i] + (i == columns - 1 ? "" : pad));
                if (i < columns - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
