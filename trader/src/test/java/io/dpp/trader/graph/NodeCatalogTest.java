package io.dpp.trader.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The published node catalogue against the engine: for every type, and for every choice that
 * makes other fields apply, a node built from the catalogue alone compiles; the fields the engine
 * reads are exactly the catalogue's; the ports and their kinds are the catalogue's; every choice is
 * taken and anything else refused; whole numbers one past either bound are refused.
 */
class NodeCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEngineTypeIsDescribedAndEveryDescriptionMatchesTheEngine() throws Exception {
        assertThat(NodeCatalog.types().stream().map(NodeCatalog.NodeType::type).toList())
                .containsExactlyInAnyOrderElementsOf(Nodes.TYPES);
        int variants = 0;
        for (NodeCatalog.NodeType type : NodeCatalog.types()) {
            for (Map<String, String> choices : variants(type)) {
                variants++;
                List<NodeCatalog.Field> fields = type.fields().stream().filter(f -> applies(f, choices)).toList();
                ObjectNode node = node(type, fields, choices);
                Node compiled = compile(node);
                String where = type.type() + " " + choices;
                assertThat(compiled.ports()).as(where + ": ports").containsExactlyElementsOf(
                        type.ports().stream().map(NodeCatalog.Port::name).toList());
                for (int i = 0; i < type.ports().size(); i++) {
                    assertThat(compiled.kind(i).name().toLowerCase()).as(where + ": kind of " + type.ports().get(i).name())
                            .isEqualTo(type.ports().get(i).kind());
                }
                // The engine names the fields it read when it meets one it did not.
                node.put("zz_probe", 1);
                assertThatThrownBy(() -> compile(node)).as(where).isInstanceOfSatisfying(GraphException.class, e -> {
                    String problem = e.problems().stream().filter(p -> p.contains("zz_probe")).findFirst().orElseThrow();
                    String taken = problem.substring(problem.indexOf(" takes ") + 7);
                    // Every field that applies, and nothing the catalogue does not list (a field
                    // that does not apply may be read too, to refuse it: price on a market order).
                    TreeSet<String> read = new TreeSet<>(Arrays.asList(taken.split(", ")));
                    assertThat(read).as(where + ": fields the engine reads").containsAll(fields.stream().map(NodeCatalog.Field::name).toList());
                    assertThat(type.fields().stream().map(NodeCatalog.Field::name).toList()).as(where + ": fields the engine reads")
                            .containsAll(read);
                });
                node.remove("zz_probe");
                for (NodeCatalog.Field f : fields) {
                    if (f.kind().equals("choice")) {
                        ObjectNode bad = node.deepCopy();
                        bad.put(f.name(), "zz");
                        assertThatThrownBy(() -> compile(bad)).as(where + ": " + f.name() + " zz").isInstanceOf(GraphException.class);
                    } else if (f.kind().equals("integer")) {
                        for (double beyond : new double[] {f.min() - 1, f.max() + 1}) {
                            ObjectNode bad = node.deepCopy();
                            bad.put(f.name(), Long.toString((long) beyond));
                            assertThatThrownBy(() -> compile(bad)).as(where + ": " + f.name() + " " + (long) beyond)
                                    .isInstanceOf(GraphException.class);
                        }
                    }
                }
            }
        }
        assertThat(variants).isGreaterThan(NodeCatalog.types().size());
        // The JSON form carries the same and serializes.
        assertThat(JSON.writeValueAsString(NodeCatalog.json())).contains("\"type\":\"crossover\"", "\"applies_when\":{\"kind\":");
    }

    /** One set of choices per value of each choice field that other fields depend on; else the defaults. */
    private static List<Map<String, String>> variants(NodeCatalog.NodeType type) {
        List<Map<String, String>> out = new ArrayList<>();
        for (NodeCatalog.Field f : type.fields()) {
            boolean decides = type.fields().stream().anyMatch(g -> g.appliesWhen() != null && g.appliesWhen().containsKey(f.name()));
            if (decides) {
                for (String c : f.choices()) {
                    out.add(Map.of(f.name(), c));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(Map.of());
        }
        return out;
    }

    private static boolean applies(NodeCatalog.Field f, Map<String, String> choices) {
        if (f.appliesWhen() == null) {
            return true;
        }
        return f.appliesWhen().entrySet().stream().allMatch(e -> choices.containsKey(e.getKey())
                ? e.getValue().contains(choices.get(e.getKey())) : false);
    }

    private static ObjectNode node(NodeCatalog.NodeType type, List<NodeCatalog.Field> fields, Map<String, String> choices) {
        ObjectNode n = JSON.createObjectNode().put("id", "probe").put("type", type.type());
        for (NodeCatalog.Field f : fields) {
            switch (f.kind()) {
                case "input" -> n.put(f.name(), switch (f.takes()) {
                    case "candles" -> "bars";
                    case "condition" -> "cond";
                    default -> "bars.close";
                });
                case "inputs" -> n.putArray(f.name()).add("cond");
                case "choice" -> n.put(f.name(), choices.getOrDefault(f.name(), f.defaultValue() != null ? f.defaultValue() : f.choices().get(0)));
                case "integer", "number", "flag", "duration" -> n.put(f.name(), f.defaultValue() != null ? f.defaultValue()
                        : Long.toString(f.min().longValue()));
                case "symbol" -> n.put(f.name(), "");
                case "text" -> n.put(f.name(), "t");
                default -> throw new AssertionError("unknown field kind " + f.kind());
            }
        }
        return n;
    }

    /** Compiles the node in a graph that gives it a candles node, a condition and an order; returns it. */
    private static Node compile(ObjectNode probe) {
        ObjectNode root = JSON.createObjectNode().put("name", "probe");
        ArrayNode nodes = root.putArray("nodes");
        nodes.addObject().put("id", "bars").put("type", "candles");
        nodes.addObject().put("id", "cond").put("type", "compare").put("a", "bars.close").put("op", ">").put("b", 0);
        nodes.add(probe);
        nodes.addObject().put("id", "act").put("type", "order").put("when", "cond").put("side", "buy").put("quantity", 1);
        Graph.Compiled c = Graph.of(root).compile(Map.of());
        return c.order().stream().filter(n -> n.id.equals("probe")).findFirst().orElseThrow();
    }
}
