package io.dpp.runtime.module;

import java.util.List;

/** The five services of the platform, which are also the values of {@code --target}. */
public final class Services {

    /** DataStreams, Historical, Trader+, EMS and Accounts, in the order the docs present them. */
    public static final List<String> NAMES = List.of("streams", "historical", "trader", "ems", "accounts");

    /** The target that runs every module in one process. */
    public static final String ALL = "all";

    private Services() {
    }
}
