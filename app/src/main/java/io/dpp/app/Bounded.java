package io.dpp.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bounds of a numeric command-line option, checked after parsing for every option the user
 * gave ({@link BoundedOptions#check}): a value outside is a usage error naming the option (exit code 2), so no
 * flag can ask a command for an unbounded amount of work or memory.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Bounded {

    /** Smallest value allowed. */
    double min();

    /** Largest value allowed. */
    double max();
}
