package io.dpp.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Puts logging in the shape the configuration asks for. Logback configures itself from
 * {@code logback.xml} at the first log call, reading DPP_LOG_FORMAT and DPP_LOG_LEVEL from the
 * environment, so that even the earliest lines have the right format; {@link #apply} then reloads
 * it when the effective configuration (which may come from a --config file) says otherwise.
 * Libraries that log through java.util.logging are routed to SLF4J as well.
 */
public final class Logging {

    private static final String CONFIG = "logback.xml";

    private Logging() {
    }

    /** Routes java.util.logging to SLF4J. Idempotent. */
    public static void bridgeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Reloads logging with this format and level if they differ from what is in effect. */
    public static void apply(LogConfig config) {
        String format = config.format().name().toLowerCase(Locale.ROOT);
        String level = config.level().toLowerCase(Locale.ROOT);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (format.equals(context.getProperty("DPP_FORMAT")) && level.equals(context.getProperty("DPP_LEVEL"))) {
            return;
        }
        System.setProperty("dpp.log.format", format);
        System.setProperty("dpp.log.level", level);
        URL url = Logging.class.getClassLoader().getResource(CONFIG);
        if (url == null) {
            throw new IllegalStateException(CONFIG + " is missing from the classpath");
        }
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + url, e);
        }
    }
}
