package io.dpp.trader.graph;

import java.util.List;

/**
 * A node graph that cannot run: every problem found, each naming the node and field it is about
 * ({@code node "fast" (sma): field "period": ...}), one per line of the message.
 */
public final class GraphException extends IllegalArgumentException {

    private final List<String> problems;

    GraphException(String graph, List<String> problems) {
        super("graph " + (graph == null ? "" : "\"" + graph + "\" ") + "is not valid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per node or field. */
    public List<String> problems() {
        return problems;
    }
}
