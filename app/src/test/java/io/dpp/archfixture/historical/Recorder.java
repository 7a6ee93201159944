package io.dpp.archfixture.historical;

/** Fixture: a service class other packages must not use. */
public class Recorder {
    public void record() {
    }
}
