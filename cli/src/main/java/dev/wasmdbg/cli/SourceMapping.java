package dev.wasmdbg.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A debugger source-path mapping: paths in the module's debug info that start with {@code from}
 * are found under {@code to} on this machine (the module was built elsewhere).
 */
record SourceMapping(String from, Path to) {
    /** {@code --source-map-prefix FROM=TO}; TO is made absolute, since the IDE runs in another directory. */
    static final class Converter implements ITypeConverter<SourceMapping> {
        @Override
        public SourceMapping convert(String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new TypeConversionException("'" + text + "' is not FROM=TO: the path prefix in the module's"
                        + " debug info, '=', the directory that holds those sources here");
            }
            try {
                return new SourceMapping(text.substring(0, eq), Path.of(text.substring(eq + 1)).toAbsolutePath().normalize());
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + text + "': " + e.getMessage());
            }
        }
    }
}
