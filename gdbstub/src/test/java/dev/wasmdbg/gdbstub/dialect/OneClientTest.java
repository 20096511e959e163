package dev.wasmdbg.gdbstub.dialect;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh server on fact-O0.wasm (no arguments) and one connected client for every test. */
abstract class OneClientTest {
    ServerFixture server;
    RspClient client;

    @BeforeEach
    void startAndConnect() throws Exception {
        server = ServerFixture.start(Fact.MODULE);
        client = server.connect();
    }

    @AfterEach
    void closeBoth() throws Exception {
        client.close();
        server.close();
    }
}
