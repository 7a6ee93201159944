package io.dpp.trader.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node-graph strategy as DPP's strategy creator saves it (docs/graphs.md): a JSON object with a
 * {@code name}, an optional {@code description}, {@code params} (name to default value, overridden
 * by {@code --param k=v}) and {@code nodes}, each with an {@code id}, a {@code type} and the type's
 * fields. A field's value may be {@code "$param"}; an input names a node ({@code "fast"}, its
 * first port) or a port ({@code "bars.high"}), or is a constant. {@link #parse} checks the whole
 * graph with its default parameters, {@link #compile} with the run's; both throw a
 * {@link GraphException} listing every problem by node and field.
 */
public final class Graph {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP_FIELDS = Set.of("name", "description", "params", "nodes", "layout");
    /** Most comments in a graph's layout. */
    public static final int MAX_COMMENTS = 200;
    /** Longest comment, characters. */
    public static final int MAX_COMMENT = 1000;
    /** Largest coordinate of the layout, either sign. */
    public static final double MAX_COORDINATE = 1_000_000;

    /** Most nodes in one graph. */
    public static final int MAX_NODES = 500;
    /** Most parameters of one graph. */
    public static final int MAX_PARAMS = 100;
    /** Longest text value of a field or parameter, characters. */
    public static final int MAX_TEXT = 256;
    /** Longest description, characters. */
    public static final int MAX_DESCRIPTION = 4096;

    private final String name;
    private final String description;
    private final Map<String, String> defaults;
    private final List<JsonNode> nodes;
    private final String canonical;

    private Graph(String name, String description, Map<String, String> defaults, List<JsonNode> nodes, String canonical) {
        this.name = name;
        this.description = description;
        this.defaults = defaults;
        this.nodes = nodes;
        this.canonical = canonical;
    }

    /** Parses and checks a graph (with its default parameters). */
    public static Graph parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new GraphException(null, List.of("not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        return of(root);
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    /** Checks a graph given as a JSON tree (the body of a REST request). */
    public static Graph of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new GraphException(null, List.of("a graph is a JSON object with name, params and nodes"));
        }
        List<String> problems = new ArrayList<>();
        String name = root.path("name").asText("");
        if (!root.path("name").isTextual() || name.length() > 64 || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            problems.add("field \"name\": a name of letters, digits, '.', '_' and '-' (at most 64) is required, got "
                    + shorten(root.path("name").toString()));
            name = "";
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) {
                problems.add("unknown field \"" + shorten(f) + "\"; a graph has " + String.join(", ", new TreeSet<>(TOP_FIELDS)));
            }
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        JsonNode params = root.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            problems.add("field \"params\" must be an object of parameter names and default values");
        }
        if (params.size() > MAX_PARAMS) {
            problems.add("field \"params\" may hold at most " + MAX_PARAMS + " parameters, got " + params.size());
        }
        params.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problems.add("parameter \"" + shorten(e.getKey()) + "\" must have a text, number or true/false default");
            } else if (e.getKey().length() > 64 || e.getValue().asText().length() > MAX_TEXT) {
                problems.add("parameter \"" + shorten(e.getKey()) + "\": a name is at most 64 characters and a value at most "
                        + MAX_TEXT);
            } else {
                defaults.put(e.getKey(), e.getValue().asText());
            }
        });
        if (root.path("description").asText("").length() > MAX_DESCRIPTION) {
            problems.add("field \"description\" must be at most " + MAX_DESCRIPTION + " characters");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (!root.path("nodes").isArray() || root.path("nodes").isEmpty()) {
            problems.add("field \"nodes\" must be a non-empty array of nodes");
        } else if (root.path("nodes").size() > MAX_NODES) {
            problems.add("field \"nodes\" may hold at most " + MAX_NODES + " nodes, got " + root.path("nodes").size());
        } else {
            root.get("nodes").forEach(nodes::add);
        }
        checkLayout(root.get("layout"), problems);
        if (!problems.isEmpty()) {
            throw new GraphException(name.isEmpty() ? null : name, problems);
        }
        // The layout is where an editor drew the nodes: not part of what runs, so not of the
        // canonical text or its SHA-256 (moving a node leaves the strategy the same).
        com.fasterxml.jackson.databind.node.ObjectNode runs = ((com.fasterxml.jackson.databind.node.ObjectNode) root).deepCopy();
        runs.remove("layout");
        Graph g = new Graph(name, root.path("description").asText(""), Collections.unmodifiableMap(defaults),
                List.copyOf(nodes), runs.toString());
        g.compile(Map.of());
        return g;
    }

    /**
     * Checks the optional {@code layout}: {@code {"nodes": {id: {"x": n, "y": n}}, "comments":
     * [{"x": n, "y": n, "text": "..."}]}}, written by editors and ignored by runs.
     */
    private static void checkLayout(JsonNode layout, List<String> problems) {
        if (layout == null) {
            return;
        }
        if (!layout.isObject()) {
            problems.add("field \"layout\" must be an object with nodes and comments");
            return;
        }
        for (Iterator<String> it = layout.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("nodes") && !f.equals("comments")) {
                problems.add("layout: unknown field \"" + shorten(f) + "\"; a layout has comments, nodes");
            }
        }
        JsonNode positions = layout.path("nodes");
        if (!positions.isMissingNode() && (!positions.isObject() || positions.size() > MAX_NODES)) {
            problems.add("layout: field \"nodes\" must be an object of at most " + MAX_NODES + " node positions");
        } else {
            positions.fields().forEachRemaining(e -> checkPoint("layout: node \"" + shorten(e.getKey()) + "\"", e.getValue(), problems));
        }
        JsonNode comments = layout.path("comments");
        if (!comments.isMissingNode() && (!comments.isArray() || comments.size() > MAX_COMMENTS)) {
            problems.add("layout: field \"comments\" must be an array of at most " + MAX_COMMENTS + " comments");
        } else {
            for (int i = 0; i < comments.size(); i++) {
                JsonNode c = comments.get(i);
                checkPoint("layout: comment #" + (i + 1), c, problems);
                if (c.isObject() && (!c.path("text").isTextual() || c.path("text").asText().length() > MAX_COMMENT)) {
                    problems.add("layout: comment #" + (i + 1) + ": field \"text\" must be text of at most " + MAX_COMMENT + " characters");
                }
            }
        }
    }

    private static void checkPoint(String where, JsonNode p, List<String> problems) {
        if (!p.isObject()) {
            problems.add(where + " must be an object with x and y");
            return;
        }
        for (String axis : List.of("x", "y")) {
            JsonNode v = p.get(axis);
            if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > MAX_COORDINATE) {
                problems.add(where + ": field \"" + axis + "\" must be a number from -" + (long) MAX_COORDINATE + " to "
                        + (long) MAX_COORDINATE);
            }
        }
        for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("x", "y", "text").contains(f)) {
                problems.add(where + ": unknown field \"" + shorten(f) + "\"");
            }
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Parameter names and their defaults. */
    public Map<String, String> parameters() {
        return defaults;
    }

    /** The graph as compact JSON: the same graph, the same text, wherever it came from. */
    public String canonical() {
        return canonical;
    }

    /** SHA-256 of {@link #canonical()}, in hex: what a report names the graph by. */
    public String sha256() {
        return io.dpp.core.text.Sha256.hex(canonical);
    }

    /**
     * Checks the graph with a run's parameters over its defaults.
     *
     * @throws GraphException listing every problem, an unknown parameter among them
     */
    public void check(Map<String, String> params) {
        compile(params);
    }

    /** The graph's nodes in evaluation (topological) order. */
    record Compiled(List<Node> order) {

        /** An upper estimate of the memory the nodes' state takes, bytes (a backtest's budget counts it). */
        long stateBytes() {
            long total = 0;
            for (Node n : order) {
                total += n.stateBytes();
            }
            return total;
        }
    }

    /** An upper estimate of the memory a run of this graph keeps in its nodes, bytes. */
    public long stateBytes() {
        return compile(Map.of()).stateBytes();
    }

    /**
     * The nodes of this graph with parameters {@code overrides} over the defaults.
     *
     * @throws GraphException listing every problem
     */
    Compiled compile(Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        for (String k : new TreeSet<>(overrides.keySet())) {
            if (!defaults.containsKey(k)) {
                problems.add("parameter \"" + k + "\" is not one of the graph's"
                        + io.dpp.runtime.text.Suggestions.didYouMean(k, defaults.keySet()) + ": "
                        + (defaults.isEmpty() ? "it has none" : String.join(", ", defaults.keySet())));
            }
        }
        Map<String, String> params = new HashMap<>(defaults);
        params.putAll(overrides);
        Map<String, Node> byId = new LinkedHashMap<>();
        Map<Node, NodeSpec> specs = new HashMap<>();
        int index = 0;
        for (JsonNode json : nodes) {
            index++;
            String where = "node #" + index;
            if (!json.isObject()) {
                problems.add(where + ": a node is an object with id, type and its fields");
                continue;
            }
            String id = json.path("id").asText("");
            if (!json.path("id").isTextual() || !id.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}")) {
                problems.add(where + ": field \"id\": an id of letters, digits, '_' and '-' (not starting with a digit) is required, got "
                        + json.path("id"));
                continue;
            }
            if (byId.containsKey(id)) {
                problems.add(where + ": id \"" + id + "\" is used by an earlier node");
                continue;
            }
            String type = json.path("type").asText("");
            NodeSpec spec = new NodeSpec(id, type, json, params);
            try {
                Node node = Nodes.create(spec);
                byId.put(id, node);
                specs.put(node, spec);
            } catch (NodeSpec.Problem p) {
                problems.add("node \"" + id + "\"" + (type.isEmpty() ? "" : " (" + type + ")") + ": " + p.getMessage());
                byId.put(id, null);
            }
        }
        for (Map.Entry<String, Node> e : byId.entrySet()) {
            Node node = e.getValue();
            if (node == null) {
                continue;
            }
            Linker linker = new Linker(node, specs.get(node), byId);
            try {
                node.link(linker);
                specs.get(node).checkFields();
            } catch (NodeSpec.Problem p) {
                problems.add(node + ": " + p.getMessage());
            }
            node.inputs = linker.inputs.toArray(new Node[0]);
        }
        List<Node> order = new ArrayList<>();
        if (problems.isEmpty()) {
            order = sort(new ArrayList<>(byId.values()), problems);
            for (Node n : order) {
                boolean live = !(n instanceof StreamNodes.Stream);
                for (Node in : n.inputs) {
                    live &= in.live;
                }
                n.live = n.state() || live;
                if (n instanceof ActionNodes.Action a && a.when.node != null && a.when.node.live) {
                    problems.add(n + ": field \"when\": " + a.when.node.id + " depends on no stream, so it never fires;"
                            + " combine it with a condition that does (a crossover, a comparison of a stream's values)");
                } else if (n instanceof ActionNodes.Action a && a.when.node == null) {
                    problems.add(n + ": field \"when\" must name a condition that fires, not a constant");
                }
            }
            if (order.stream().noneMatch(n -> n instanceof ActionNodes.Action)) {
                problems.add("the graph places no orders: add an order node");
            }
        }
        if (!problems.isEmpty()) {
            throw new GraphException(name, problems);
        }
        return new Compiled(List.copyOf(order));
    }

    /**
     * Kahn's algorithm taking the earliest node of the file among those ready: nodes run in the
     * order they are written wherever their inputs allow (a cancel written before an order runs
     * first). A cycle is named node by node.
     */
    private static List<Node> sort(List<Node> nodes, List<String> problems) {
        Map<Node, Integer> pending = new HashMap<>();
        Map<Node, List<Node>> downstream = new HashMap<>();
        for (Node n : nodes) {
            pending.put(n, n.inputs.length);
            for (Node in : n.inputs) {
                downstream.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        Map<Node, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        List<Node> order = new ArrayList<>();
        PriorityQueue<Node> ready = new PriorityQueue<>(java.util.Comparator.comparingInt(index::get));
        for (Node n : nodes) {
            if (n.inputs.length == 0) {
                ready.add(n);
            }
        }
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            order.add(n);
            for (Node d : downstream.getOrDefault(n, List.of())) {
                if (pending.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (order.size() < nodes.size()) {
            Set<Node> left = new HashSet<>(nodes);
            order.forEach(left::remove);
            // Walk inputs from any node left until one repeats: that is a cycle.
            Node start = nodes.stream().filter(left::contains).findFirst().orElseThrow();
            List<Node> path = new ArrayList<>();
            Node n = start;
            while (!path.contains(n)) {
                path.add(n);
                for (Node in : n.inputs) {
                    if (left.contains(in)) {
                        n = in;
                        break;
                    }
                }
            }
            List<Node> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
            Collections.reverse(cycle); // in the direction values flow
            Node first = cycle.stream().min(java.util.Comparator.comparingInt(nodes::indexOf)).orElseThrow();
            Collections.rotate(cycle, -cycle.indexOf(first));
            cycle.add(cycle.get(0));
            problems.add("the nodes form a cycle: " + String.join(" -> ", cycle.stream().map(c -> "\"" + c.id + "\"").toList()));
        }
        return order;
    }

    /** Resolves a node's input fields into {@link Node.Ref}s and records its upstream nodes. */
    static final class Linker {

        private final Node self;
        private final NodeSpec spec;
        private final Map<String, Node> byId;
        final List<Node> inputs = new ArrayList<>();

        Linker(Node self, NodeSpec spec, Map<String, Node> byId) {
            this.self = self;
            this.spec = spec;
            this.byId = byId;
        }

        NodeSpec spec() {
            return spec;
        }

        /** A required input of kind {@code kind}. */
        Node.Ref input(String field, Node.Kind kind) {
            JsonNode v = spec.raw(field);
            if (v == null) {
                throw new NodeSpec.Problem("field \"" + field + "\" is required (" + kind.label() + ")");
            }
            return resolve(field, v, kind);
        }

        /** An optional input; {@code absent} when the field is not there. */
        Node.Ref input(String field, Node.Kind kind, Node.Ref absent) {
            JsonNode v = spec.raw(field);
            return v == null ? absent : resolve(field, v, kind);
        }

        /** A list of inputs, each of {@code kind}. */
        List<Node.Ref> inputs(String field, Node.Kind kind) {
            JsonNode v = spec.raw(field);
            if (v == null || !v.isArray() || v.isEmpty()) {
                throw new NodeSpec.Problem("field \"" + field + "\" must be a non-empty array of inputs (" + kind.label() + ")");
            }
            List<Node.Ref> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(resolve(field + "[" + i + "]", spec.substitute(v.get(i)), kind));
            }
            return out;
        }

        /** The node a field names (no port), for inputs that take a whole node such as a candle stream. */
        Node node(String field) {
            JsonNode v = spec.raw(field);
            if (v == null || !v.isTextual()) {
                throw new NodeSpec.Problem("field \"" + field + "\" must name a node");
            }
            Node n = target(field, v.asText().split("\\.", 2)[0]);
            depend(n);
            return n;
        }

        /** True when a field names a whole node (no port) of class {@code type}. */
        boolean namesNode(String field, Class<? extends Node> type) {
            JsonNode v = spec.raw(field);
            return v != null && v.isTextual() && !v.asText().contains(".") && type.isInstance(byId.get(v.asText()));
        }

        private Node.Ref resolve(String field, JsonNode v, Node.Kind kind) {
            if (v.isNumber() || (v.isTextual() && isNumber(v.asText()))) {
                if (kind != Node.Kind.NUMBER) {
                    throw new NodeSpec.Problem("field \"" + field + "\" must be " + kind.label() + ", got the number " + v.asText());
                }
                return Node.Ref.number(Double.parseDouble(v.asText()));
            }
            if (v.isBoolean() || (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false")))) {
                if (kind != Node.Kind.CONDITION) {
                    throw new NodeSpec.Problem("field \"" + field + "\" must be " + kind.label() + ", got " + v.asText());
                }
                return Node.Ref.condition(v.asText().equals("true"));
            }
            if (!v.isTextual()) {
                throw new NodeSpec.Problem("field \"" + field + "\" must name a node or port, or be a constant, got " + v);
            }
            String[] parts = v.asText().split("\\.", 2);
            Node n = target(field, parts[0]);
            int port = 0;
            if (parts.length == 2) {
                port = n.ports().indexOf(parts[1]);
                if (port < 0) {
                    throw new NodeSpec.Problem("field \"" + field + "\": node \"" + n.id + "\" (" + n.type + ") has no port \""
                            + parts[1] + "\"; its ports: " + String.join(", ", n.ports()));
                }
            }
            if (n.kind(port) != kind) {
                throw new NodeSpec.Problem("field \"" + field + "\" must be " + kind.label() + ", but " + n.id + "." + n.ports().get(port)
                        + " is " + n.kind(port).label());
            }
            depend(n);
            return Node.Ref.port(n, port);
        }

        private Node target(String field, String id) {
            if (id.equals(self.id)) {
                throw new NodeSpec.Problem("field \"" + field + "\" names the node itself");
            }
            if (!byId.containsKey(id)) {
                throw new NodeSpec.Problem("field \"" + field + "\": no node \"" + id + "\"; nodes: " + String.join(", ", byId.keySet()));
            }
            Node n = byId.get(id);
            if (n == null) {
                throw new NodeSpec.Problem("field \"" + field + "\": node \"" + id + "\" is not valid itself (see its problem)");
            }
            return n;
        }

        private void depend(Node n) {
            if (!inputs.contains(n)) {
                inputs.add(n);
            }
        }

        private static boolean isNumber(String s) {
            return s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
        }
    }

    /** Reads one node's own fields, with {@code $param} substitution; remembers which it read. */
    static final class NodeSpec {

        /** A problem with one node, named by the compiler. */
        static final class Problem extends RuntimeException {
            Problem(String message) {
                super(message, null, false, false);
            }
        }

        final String id;
        final String type;
        private final JsonNode json;
        private final Map<String, String> params;
        private final Set<String> read = new HashSet<>(Set.of("id", "type"));

        NodeSpec(String id, String type, JsonNode json, Map<String, String> params) {
            this.id = id;
            this.type = type;
            this.json = json;
            this.params = params;
        }

        /** The field's value after substitution, or null when absent. */
        JsonNode raw(String field) {
            read.add(field);
            JsonNode v = json.get(field);
            if (v != null && v.isTextual() && v.asText().length() > MAX_TEXT) {
                throw new Problem("field \"" + field + "\" must be at most " + MAX_TEXT + " characters");
            }
            return v == null || v.isNull() ? null : substitute(v);
        }

        JsonNode substitute(JsonNode v) {
            if (v.isTextual() && v.asText().startsWith("$")) {
                String p = v.asText().substring(1);
                String value = params.get(p);
                if (value == null) {
                    throw new Problem("\"" + v.asText() + "\" names no parameter; parameters: "
                            + (params.isEmpty() ? "none" : String.join(", ", new TreeSet<>(params.keySet()))));
                }
                return ObjectNodeHolder.text(value);
            }
            return v;
        }

        String text(String field, String absent) {
            JsonNode v = raw(field);
            if (v == null) {
                return absent;
            }
            if (!v.isValueNode()) {
                throw new Problem("field \"" + field + "\" must be text, got " + v);
            }
            return v.asText();
        }

        String choice(String field, String absent, String... choices) {
            String v = text(field, absent);
            if (v == null || !List.of(choices).contains(v)) {
                throw new Problem("field \"" + field + "\" must be one of " + String.join(", ", choices)
                        + (v == null ? "" : ", got \"" + v + "\""));
            }
            return v;
        }

        /**
         * A choice among the constants of {@code type}, spelled in the JSON as their names in lower
         * case ("stop_limit" for STOP_LIMIT); {@code absent} (a constant's JSON name) when the field is missing.
         */
        <E extends Enum<E>> E choice(String field, String absent, Class<E> type) {
            E[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = constants[i].name().toLowerCase(java.util.Locale.ROOT);
            }
            String v = choice(field, absent, names);
            return constants[List.of(names).indexOf(v)];
        }

        int integer(String field, int absent, int min, int max) {
            String v = text(field, Integer.toString(absent));
            long n;
            try {
                n = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new Problem("field \"" + field + "\" must be a whole number from " + min + " to " + max + ", got \""
                        + shorten(v) + "\"");
            }
            if (n < min || n > max) {
                throw new Problem("field \"" + field + "\" must be from " + min + " to " + max + ", got " + n);
            }
            return (int) n;
        }

        boolean flag(String field) {
            String v = text(field, "false");
            if (!v.equals("true") && !v.equals("false")) {
                throw new Problem("field \"" + field + "\" must be true or false, got \"" + v + "\"");
            }
            return v.equals("true");
        }

        /** Fails on a field no code read: a misspelt one would otherwise be ignored. */
        void checkFields() {
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!read.contains(f)) {
                    List<String> known = new ArrayList<>(new TreeSet<>(read));
                    known.removeAll(List.of("id", "type"));
                    throw new Problem("unknown field \"" + f + "\"; " + type + " takes " + (known.isEmpty() ? "no fields" : String.join(", ", known)));
                }
            }
        }
    }

    /** Text values for substituted parameters. */
    private static final class ObjectNodeHolder {
        private static final ObjectNode FACTORY = JSON.createObjectNode();

        static JsonNode text(String value) {
            return FACTORY.textNode(value);
        }
    }
}
