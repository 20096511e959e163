package dev.wasmdbg.symbols;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways people write a wasm address: {@code 0x1f3} or {@code 499} (Code-relative, or a file
 * offset when asked), {@code 12:0x1a} (function 12, imports counted, plus an offset in its body)
 * and a browser frame {@code wasm-function[12]:0x1f3} (whose number is a file offset).
 */
public final class AddressForm {
    private static final Pattern IN_FUNCTION = Pattern.compile("(\\d+):(0[xX][0-9a-fA-F]+|\\d+)");
    private static final Pattern BROWSER = Pattern.compile("wasm-function\\[(\\d+)\\]:(0[xX][0-9a-fA-F]+|\\d+)");

    private AddressForm() {}

    /**
     * Symbolizes one written address; a plain number counts as a file offset when {@code fileRelative}.
     *
     * @throws NumberFormatException when the text is none of the forms
     * @throws SymbolizeException when the address is outside the module's code
     */
    public static Symbolization resolve(Symbolizer symbolizer, String text, boolean fileRelative) {
        Matcher browser = BROWSER.matcher(text);
        if (browser.matches()) {
            return symbolizer.symbolizeFile(number(browser.group(2)));
        }
        Matcher inFunction = IN_FUNCTION.matcher(text);
        if (inFunction.matches()) {
            return symbolizer.symbolizeInFunction(Integer.parseInt(inFunction.group(1)), number(inFunction.group(2)));
        }
        long address = number(text);
        return fileRelative ? symbolizer.symbolizeFile(address) : symbolizer.symbolizeCode(address);
    }

    /** 0x-prefixed hex, else decimal; never negative. */
    public static long number(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return Long.parseUnsignedLong(text.substring(2), 16);
        }
        return Long.parseUnsignedLong(text);
    }
}
