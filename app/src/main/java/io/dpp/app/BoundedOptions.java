package io.dpp.app;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Checks the {@link Bounded} options of a parsed command line. */
final class BoundedOptions {

    private BoundedOptions() {
    }

    /** Checks every option of the parsed command (and its subcommands) that carries bounds. */
    static void check(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (OptionSpec option : r.matchedOptions()) {
                if (!(option.userObject() instanceof Field field) || !field.isAnnotationPresent(Bounded.class)) {
                    continue;
                }
                Bounded b = field.getAnnotation(Bounded.class);
                Object value = option.getValue();
                double v = value instanceof BigDecimal d ? d.doubleValue() : value instanceof Number n ? n.doubleValue() : Double.NaN;
                if (!(v >= b.min() && v <= b.max())) {
                    throw new CommandLine.ParameterException(r.commandSpec().commandLine(), option.longestName() + " must be from "
                            + plain(b.min()) + " to " + plain(b.max()) + ", got " + value);
                }
            }
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
