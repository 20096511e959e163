package dev.wasmdbg.sourcemap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of the value at a streaming parser's current token, with one-line errors naming the field. */
final class JsonValues {
    private static final int EXCERPT = 40;

    private JsonValues() {}

    /** A string, or null for JSON null. */
    static String optionalString(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new SourceMapException(field + ": expected a string, got " + describe(p));
        }
        return p.getText();
    }

    /**
     * An array of strings; with nullable, null entries stay null. Equal entries share one String, so a list of
     * millions of repeated short strings costs a reference each, not an object each.
     */
    static List<String> stringList(JsonParser p, String field, boolean nullable) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new SourceMapException(field + ": expected an array, got " + describe(p));
        }
        List<String> out = new ArrayList<>();
        Map<String, String> distinct = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                String known = distinct.putIfAbsent(text, text);
                out.add(known != null ? known : text);
            } else if (t == JsonToken.VALUE_NULL && nullable) {
                out.add(null);
            } else {
                throw new SourceMapException(field + "[" + out.size() + "]: expected a string"
                        + (nullable ? " or null" : "") + ", got " + describe(p));
            }
        }
        return out;
    }

    /** An integral number in [0, 2^31 - 1] (3.0 counts, as in JavaScript). */
    static int nonNegativeInt(JsonParser p, String field) throws IOException {
        long value = integral(p);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new SourceMapException(field + ": expected an integer in [0, 2^31-1], got " + describe(p));
        }
        return (int) value;
    }

    /** The integral value of the current number token, or -1 when it is none (or out of int range). */
    static long integral(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (long) d : -1;
        }
        return -1;
    }

    /** The current value for a message: a number's or string's text (shortened), else its kind. */
    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return shorten(p.getText());
            case VALUE_STRING:
                return "the string \"" + shorten(p.getText()) + "\"";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.toString();
        }
    }

    private static String shorten(String text) {
        String head = text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
        return head.replaceAll("\\p{Cntrl}", "?");
    }
}
