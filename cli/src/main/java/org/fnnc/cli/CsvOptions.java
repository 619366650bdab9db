package org.fnnc.cli;

import org.fnnc.data.CsvReader;
import picocli.CommandLine.Option;

/** How CSV files are read: header and delimiter (picocli mixin). */
final class CsvOptions {

    @Option(names = "--header", paramLabel = "KIND", defaultValue = "auto",
            description = "CSV header: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CsvReader.Header header;

    @Option(names = "--delimiter", paramLabel = "C", defaultValue = ",",
            description = "CSV cell separator, one character or 'tab' (default: '${DEFAULT-VALUE}').")
    String delimiter;

    /** A builder with these options set; the delimiter is checked here, where the option is named. */
    CsvReader.Builder builder() {
        char d = delimiterChar();
        try {
            CsvReader.Options.builder().delimiter(d).build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--delimiter: " + e.getMessage() + " (use ',', ';', 'tab' or another"
                    + " character that cannot be part of a number)");
        }
        return CsvReader.Options.builder().delimiter(d).header(header);
    }

    private char delimiterChar() {
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1) {
            throw CliException.usage("--delimiter must be one character or 'tab', not '" + delimiter + "'");
        }
        return delimiter.charAt(0);
    }
}
