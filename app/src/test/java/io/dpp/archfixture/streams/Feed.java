package io.dpp.archfixture.streams;

import io.dpp.archfixture.historical.Recorder;

/** Fixture: a service that reaches into another service, which the rules forbid. */
public class Feed {
    public void publish(Recorder recorder) {
        recorder.record();
    }
}
