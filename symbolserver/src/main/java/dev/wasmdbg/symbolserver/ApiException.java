package dev.wasmdbg.symbolserver;

/** A request the service turns away: the HTTP status and a one-line reason for the JSON error body. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
