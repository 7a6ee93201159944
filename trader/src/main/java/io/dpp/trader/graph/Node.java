package io.dpp.trader.graph;

import java.util.List;

/**
 * One node of a compiled graph. A node has named output ports, each a number or a condition, and
 * reads its inputs through {@link Ref}s. A step of the graph starts when a stream node takes in an
 * event (or a bar closes); then every node with an input that fired in this step is evaluated, in
 * topological order, and fires in turn. State nodes (assets, open orders) never fire: they are read
 * when a node that fired needs them.
 */
abstract class Node {

    /** What a port carries. */
    enum Kind {
        NUMBER, CONDITION;

        String label() {
            return this == NUMBER ? "a number" : "a condition (true/false)";
        }
    }

    final String id;
    final String type;
    /** Upstream nodes, set by the compiler. */
    Node[] inputs = new Node[0];
    /**
     * True when no input can fire: a state node, or a node of state nodes and constants only. It is
     * evaluated in every step, never fires, and is read as it is then. Set by the compiler.
     */
    boolean live;
    /** The step in which the node last fired. */
    long fired = -1;

    Node(String id, String type) {
        this.id = id;
        this.type = type;
    }

    /** The output ports' names; the first is the node's value when a reference names no port. */
    abstract List<String> ports();

    /** The kind of port {@code port}. */
    Kind kind(int port) {
        return Kind.NUMBER;
    }

    /** The number on port {@code port} (NaN when there is none yet). */
    double number(int port) {
        return Double.NaN;
    }

    /** The condition on port {@code port}. */
    boolean condition(int port) {
        return false;
    }

    /** Resolves the node's inputs (second pass of the compiler, once every node exists). */
    void link(Graph.Linker linker) {
    }

    /** Recomputes the outputs in step {@code step}, after an input fired; the node fires. */
    void evaluate(GraphRuntime rt) {
    }

    /** An upper estimate of the memory this node's state takes during a run, bytes. */
    long stateBytes() {
        return 256;
    }

    /** True for nodes whose outputs are read live and never fire (assets, open orders). */
    boolean state() {
        return false;
    }

    /** True when an input fired in {@code step}. */
    final boolean inputFired(long step) {
        for (Node n : inputs) {
            if (n.fired == step) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "node \"" + id + "\" (" + type + ")";
    }

    /** An input: a port of another node, or a constant. */
    static final class Ref {

        final Node node;
        final int port;
        final Kind kind;
        private final double constant;
        private final boolean constantCondition;

        private Ref(Node node, int port, Kind kind, double constant, boolean constantCondition) {
            this.node = node;
            this.port = port;
            this.kind = kind;
            this.constant = constant;
            this.constantCondition = constantCondition;
        }

        static Ref port(Node node, int port) {
            return new Ref(node, port, node.kind(port), Double.NaN, false);
        }

        static Ref number(double value) {
            return new Ref(null, -1, Kind.NUMBER, value, false);
        }

        static Ref condition(boolean value) {
            return new Ref(null, -1, Kind.CONDITION, Double.NaN, value);
        }

        double number() {
            return node == null ? constant : node.number(port);
        }

        boolean condition() {
            return node == null ? constantCondition : node.condition(port);
        }

        /** True when this input's node fired in {@code step} (a constant never does). */
        boolean fired(long step) {
            return node != null && node.fired == step;
        }

        @Override
        public String toString() {
            return node == null ? (kind == Kind.NUMBER ? Double.toString(constant) : Boolean.toString(constantCondition))
                    : node.id + "." + node.ports().get(port);
        }
    }
}
