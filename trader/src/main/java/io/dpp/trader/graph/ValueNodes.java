package io.dpp.trader.graph;

import java.util.List;

/** The bases of nodes with one port, {@code value}: a number or a condition. */
final class ValueNodes {

    private ValueNodes() {
    }


    /** A node with one condition port, {@code value}. */
    abstract static class ConditionNode extends Node {
        private static final List<String> PORTS = List.of("value");
        boolean value;

        ConditionNode(Graph.NodeSpec s) {
            super(s.id, s.type);
        }

        @Override
        final List<String> ports() {
            return PORTS;
        }

        @Override
        final Kind kind(int port) {
            return Kind.CONDITION;
        }

        @Override
        final boolean condition(int port) {
            return value;
        }
    }

    /** A node with one number port, {@code value} (NaN until it has one). */
    abstract static class NumberNode extends Node {
        private static final List<String> PORTS = List.of("value");
        double value = Double.NaN;

        NumberNode(Graph.NodeSpec s) {
            super(s.id, s.type);
        }

        @Override
        final List<String> ports() {
            return PORTS;
        }

        @Override
        final double number(int port) {
            return value;
        }
    }
}
