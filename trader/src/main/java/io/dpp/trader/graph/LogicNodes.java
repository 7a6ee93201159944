package io.dpp.trader.graph;

import java.util.function.DoubleBinaryOperator;

/** Math and logic: arithmetic, comparisons, and/or/not, crossovers and decisions. Operators are resolved when the graph loads. */
final class LogicNodes {

    private LogicNodes() {
    }


    /** The operators of a math node, by their name in the JSON. */
    enum MathOp {
        ADD((x, y) -> x + y),
        SUB((x, y) -> x - y),
        MUL((x, y) -> x * y),
        DIV((x, y) -> y == 0 ? Double.NaN : x / y),
        MIN(Math::min),
        MAX(Math::max),
        ABS((x, y) -> Math.abs(x)),
        NEG((x, y) -> -x);

        final DoubleBinaryOperator apply;

        MathOp(DoubleBinaryOperator apply) {
            this.apply = apply;
        }

        /** True for the operators of one operand. */
        boolean unary() {
            return this == ABS || this == NEG;
        }
    }

    /** {@code a op b}: add, sub, mul, div, min, max; or {@code op a}: abs, neg. NaN in, NaN out. */
    static final class MathNode extends ValueNodes.NumberNode {
        private final MathOp op;
        private Ref a;
        private Ref b;

        MathNode(Graph.NodeSpec s) {
            super(s);
            op = s.choice("op", null, MathOp.class);
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            if (!op.unary()) {
                b = l.input("b", Kind.NUMBER);
            }
        }

        @Override
        void evaluate(GraphRuntime rt) {
            value = op.apply.applyAsDouble(a.number(), b == null ? 0 : b.number());
        }
    }

    /** A test of two numbers. */
    @FunctionalInterface
    interface DoubleTest {
        boolean test(double x, double y);
    }

    /** The operators of a compare node, by their symbol in the JSON. */
    enum CompareOp {
        GT(">", (x, y) -> x > y),
        GE(">=", (x, y) -> x >= y),
        LT("<", (x, y) -> x < y),
        LE("<=", (x, y) -> x <= y),
        EQ("==", (x, y) -> x == y),
        NE("!=", (x, y) -> x != y);

        final String symbol;
        final DoubleTest test;

        CompareOp(String symbol, DoubleTest test) {
            this.symbol = symbol;
            this.test = test;
        }

        static CompareOp of(Graph.NodeSpec s) {
            String[] symbols = java.util.Arrays.stream(values()).map(o -> o.symbol).toArray(String[]::new);
            return values()[java.util.List.of(symbols).indexOf(s.choice("op", null, symbols))];
        }
    }

    /** {@code a op b} with op {@code >, >=, <, <=, ==, !=}; false when either is not a number. */
    static final class Compare extends ValueNodes.ConditionNode {
        private final CompareOp op;
        private Ref a;
        private Ref b;

        Compare(Graph.NodeSpec s) {
            super(s);
            op = CompareOp.of(s);
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            b = l.input("b", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double x = a.number();
            double y = b.number();
            value = !Double.isNaN(x) && !Double.isNaN(y) && op.test.test(x, y);
        }
    }

    /** {@code and} / {@code or} of its {@code inputs}. */
    static final class AnyAll extends ValueNodes.ConditionNode {
        private final boolean and;
        private Ref[] in;

        AnyAll(Graph.NodeSpec s) {
            super(s);
            and = s.type.equals("and");
        }

        @Override
        void link(Graph.Linker l) {
            in = l.inputs("inputs", Kind.CONDITION).toArray(Ref[]::new);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            boolean v = and;
            for (Ref r : in) {
                v = and ? v && r.condition() : v || r.condition();
            }
            value = v;
        }
    }

    /** The negation of its {@code input}. */
    static final class Not extends ValueNodes.ConditionNode {
        private Ref in;

        Not(Graph.NodeSpec s) {
            super(s);
        }

        @Override
        void link(Graph.Linker l) {
            in = l.input("input", Kind.CONDITION);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            value = !in.condition();
        }
    }

    /**
     * True in the step where {@code a} crosses {@code b}: {@code above} (default) when a was at or
     * below b at its last evaluation with numbers and is above now; {@code below} the other way.
     * Never true on the first evaluation with numbers: a cross needs a before.
     */
    static final class Crossover extends ValueNodes.ConditionNode {
        private final boolean above;
        private Ref a;
        private Ref b;
        private double previous = Double.NaN;

        Crossover(Graph.NodeSpec s) {
            super(s);
            above = s.choice("direction", "above", "above", "below").equals("above");
        }

        @Override
        void link(Graph.Linker l) {
            a = l.input("a", Kind.NUMBER);
            b = l.input("b", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double diff = a.number() - b.number();
            if (Double.isNaN(diff)) {
                value = false;
                return;
            }
            value = !Double.isNaN(previous) && (above ? previous <= 0 && diff > 0 : previous >= 0 && diff < 0);
            previous = diff;
        }
    }

    /** A decision: the number {@code then} when the condition {@code if} holds, else {@code else}. */
    static final class Decision extends ValueNodes.NumberNode {
        private Ref cond;
        private Ref then;
        private Ref otherwise;

        Decision(Graph.NodeSpec s) {
            super(s);
        }

        @Override
        void link(Graph.Linker l) {
            cond = l.input("if", Kind.CONDITION);
            then = l.input("then", Kind.NUMBER);
            otherwise = l.input("else", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            value = cond.condition() ? then.number() : otherwise.number();
        }
    }
}
