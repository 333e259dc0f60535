package io.weighbridge.cli;

import java.util.List;

/** Left-aligned text columns, two spaces apart, each as wide as its widest cell. */
final class Columns {
    private Columns() {}

    static int[] widths(List<List<String>> rows) {
        int[] widths = new int[rows.isEmpty() ? 0 : rows.get(0).size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        return widths;
    }

    static void appendRow(StringBuilder text, List<String> cells, int[] widths) {
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            boolean last = column == cells.size() - 1;
            text.append(last ? cell : cell + " ".repeat(Math.max(0, widths[column] + 2 - cell.length())));
        }
        text.append('\n');
    }
}
