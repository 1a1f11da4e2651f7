package io.stagedoor.query.feed;

import io.stagedoor.kernel.error.InvalidInput;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Audit exports, written row by row as they are read: CSV (RFC 4180, a header row, CRLF line ends, fields quoted
 * where they need it) or NDJSON (one JSON object per line, the same fields as the JSON API).
 */
public final class Export {

    public static final String CSV = "text/csv";
    public static final String NDJSON = "application/x-ndjson";

    /** One row: its JSON form (NDJSON) and its values in header order (CSV). */
    public interface Row {
        Object json();

        Object[] values();
    }

    private final Writer out;
    private final JsonMapper json;
    private final boolean csv;

    private Export(OutputStream out, JsonMapper json, boolean csv) {
        this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        this.json = json;
        this.csv = csv;
    }

    /**
     * Starts an export (CSV writes its header row at once).
     *
     * @param format {@link #CSV} or {@link #NDJSON}
     */
    public static Export open(String format, OutputStream out, JsonMapper json, String... header) throws IOException {
        Export export = new Export(out, json, format.equals(CSV));
        if (export.csv) {
            export.csvLine(header);
        }
        return export;
    }

    /** The export format for an {@code Accept} header: CSV or NDJSON, whichever comes first. */
    public static String format(List<MediaType> accepted) {
        for (MediaType type : accepted) {
            if (type.isCompatibleWith(MediaType.parseMediaType(CSV)) && !type.isWildcardType()) {
                return CSV;
            }
            if (type.isCompatibleWith(MediaType.parseMediaType(NDJSON)) && !type.isWildcardType()) {
                return NDJSON;
            }
        }
        throw new InvalidInput("an export is text/csv or application/x-ndjson");
    }

    public static MediaType mediaType(String format) {
        return MediaType.parseMediaType(format + ";charset=UTF-8");
    }

    public void write(Row row) throws IOException {
        if (csv) {
            csvLine(row.values());
        } else {
            out.write(json.writeValueAsString(row.json()));
            out.write('\n');
        }
    }

    /** Sends what is written so far to the client. */
    public void flush() throws IOException {
        out.flush();
    }

    private void csvLine(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(values[i]));
        }
        out.write("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
