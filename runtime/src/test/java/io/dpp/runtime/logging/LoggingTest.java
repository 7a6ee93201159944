package io.dpp.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingTest {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingTest.class);

    private static LogConfig config(LogConfig.Format format, String level) {
        return new LogConfig() {
            @Override
            public Format format() {
                return format;
            }

            @Override
            public String level() {
                return level;
            }
        };
    }

    private static String capture(LogConfig config, Runnable logging) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Logging.apply(config);
            logging.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void restore() {
        MDC.clear();
        Logging.apply(config(LogConfig.Format.TEXT, "info"));
    }

    @Test
    void jsonFormatWritesOneObjectPerLine() throws Exception {
        String out = capture(config(LogConfig.Format.JSON, "info"), () -> {
            MDC.put("module", "feeds");
            MDC.put("venue", "kraken");
            LOG.info("connected to {}", "wss://ws.kraken.com");
            LOG.error("book failed\nsecond line", new IllegalStateException("checksum mismatch"));
            MDC.clear();
            LOG.warn("no module here");
            LOG.debug("below the level");
        });
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.split("\n")) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).hasSize(3);
        JsonNode first = lines.get(0);
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo(LoggingTest.class.getName());
        assertThat(first.get("message").asText()).isEqualTo("connected to wss://ws.kraken.com");
        assertThat(first.get("module").asText()).isEqualTo("feeds");
        assertThat(first.get("mdc").get("venue").asText()).isEqualTo("kraken");
        assertThat(first.get("mdc").has("module")).isFalse();

        JsonNode second = lines.get(1);
        assertThat(second.get("message").asText()).isEqualTo("book failed\nsecond line");
        assertThat(second.get("stack_trace").asText()).contains("IllegalStateException: checksum mismatch");
        assertThat(lines.get(2).get("module").asText()).isEqualTo("main");
    }

    @Test
    void textFormatIsReadableAndHonoursTheLevel() {
        String out = capture(config(LogConfig.Format.TEXT, "debug"), () -> {
            MDC.put("module", "http");
            LOG.debug("listening");
        });
        assertThat(out).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG \\[http\\] "
                + "i\\.d\\.r\\.logging\\.LoggingTest - listening\\n");
    }
}
