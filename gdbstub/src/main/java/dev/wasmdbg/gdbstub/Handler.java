package dev.wasmdbg.gdbstub;

/** Answers one packet: the reply, or null when the reply comes later as a stop reply. */
@FunctionalInterface
interface Handler {
    String handle(Connection connection, Packet packet);
}
