package io.dpp.archfixture.app;

/** Fixture: the top of the graph. */
public class Wiring {
    public static final String NAME = "app";

    public static String name() {
        return NAME;
    }
}
