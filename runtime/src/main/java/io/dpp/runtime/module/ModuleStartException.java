package io.dpp.runtime.module;

/** A module failed to start; the process stops what it had started and exits non-zero. */
public final class ModuleStartException extends RuntimeException {

    private final String module;

    public ModuleStartException(String module, Throwable cause) {
        super("module " + module + " failed to start: " + cause.getMessage(), cause);
        this.module = module;
    }

    /** Name of the module that failed. */
    public String module() {
        return module;
    }
}
