package io.dpp.app;

import picocli.CommandLine.Option;

/** The {@code --api-key KEY} option of the client commands, defaulting to {@code DPP_API_KEY}. */
final class ApiKeyOption {

    @Option(names = "--api-key", description = "API key (default: the DPP_API_KEY environment variable).")
    String apiKey;

    /** The key: --api-key, else DPP_API_KEY; null when neither is given. */
    String key() {
        String key = apiKey != null ? apiKey : System.getenv("DPP_API_KEY");
        return key == null || key.isBlank() ? null : key.trim();
    }
}
