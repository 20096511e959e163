package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

/**
 * What any client must be able to do whatever the clients before it did: find the program stopped
 * with a call stack, read memory, and stop at a breakpoint. For fact-O0.wasm run with {@code spin}:
 * the breakpoint is in the spin loop, reached from anywhere.
 */
final class GoodClient {
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static final Duration TO_THE_BREAKPOINT = Duration.ofSeconds(5);

    private GoodClient() {}

    static void check(ServerFixture server) throws IOException {
        try (RspClient c = server.connect()) {
            String stop = c.request("?", PROMPTLY);
            assertThat(stop).as("? of a new client").matches(Replies.T_STOP);
            assertThat(c.request("qWasmCallStack:1", PROMPTLY)).as("the call stack of a new client")
                    .matches("([0-9a-f]{16})+");
            assertThat(c.request("m0,4", PROMPTLY)).as("memory at 0").matches("[0-9a-f]{8}");
            long image = Replies.moduleBase(c);
            String at = Long.toHexString(image | Fact.SPIN_LOOP);
            assertThat(c.request("Z0," + at + ",1", PROMPTLY)).isEqualTo("OK");
            assertThat(c.request("c", TO_THE_BREAKPOINT)).isEqualTo(Replies.breakpoint(image | Fact.SPIN_LOOP));
            assertThat(c.request("z0," + at + ",1", PROMPTLY)).isEqualTo("OK");
        }
    }
}
