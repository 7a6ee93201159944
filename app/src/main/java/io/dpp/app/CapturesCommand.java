package io.dpp.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.streams.replay.CaptureDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dpp captures DIR}: the captures below a folder, by venue, as {@code dpp up --replay} and
 * {@code dpp sim} would serve them; one JSON line a venue, its main capture first (the one
 * {@code bench/feed-all.sh} measures).
 */
@Command(name = "captures", mixinStandardHelpOptions = true,
        description = {"List the captures below a folder by venue, as 'dpp up --replay DIR' serves them: one JSON line a venue "
            + "with its main WebSocket capture (the largest that subscribes to its books), its connections, REST snapshots and listing."})
final class CapturesCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "DIR", description = "Folder of captures (searched recursively).")
    Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("dpp captures: " + dir + " is not a directory");
            return Main.EXIT_USAGE;
        }
        for (Map.Entry<String, CaptureDirectory.VenueCaptures> e : CaptureDirectory.scan(dir).entrySet()) {
            CaptureDirectory.VenueCaptures v = e.getValue();
            ObjectNode line = JSON.createObjectNode().put("venue", e.getKey()).put("main_capture", v.mainCapture().toString());
            com.fasterxml.jackson.databind.node.ArrayNode connections = line.putArray("connections");
            v.websocket().forEach(p -> connections.add(p.toString()));
            com.fasterxml.jackson.databind.node.ArrayNode rest = line.putArray("rest");
            v.rest().forEach(p -> rest.add(p.toString()));
            line.put("listing", v.listing() == null ? null : v.listing().toString()).put("demo", v.demo());
            System.out.println(line);
        }
        return Main.EXIT_OK;
    }
}
