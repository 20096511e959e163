package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wasmdbg.wasm.WasmFile;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Z0 / z0 software breakpoints at code addresses (type 1 | module id | file offset); Z1..Z4 unsupported. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BreakpointHandlersTest extends OneClientTest {
    private long image;

    @BeforeEach
    void readImageBase() throws Exception {
        image = Replies.moduleBase(client);
    }

    @Test
    void theAddressesTheTestsUseAreWhereTheModuleSays() {
        WasmFile file = Fact.file();
        assertThat(file.functionNames().get(file.importedFunctionCount()
                + file.functionAt(Fact.LINE_22).orElseThrow().definedIndex())).isEqualTo("sum_squares");
        assertThat(file.functionAt(Fact.SPIN_LOOP).orElseThrow()).isEqualTo(Fact.body("main"));
        assertThat(file.functionAt(Fact.DIVIDE).orElseThrow()).isEqualTo(Fact.body("ratio"));
        assertThat(Fact.bytes()[(int) Fact.DIVIDE]).as("i32.div_s").isEqualTo((byte) 0x6d);
        assertThat(Fact.bytes()[(int) Fact.AFTER_RATIO_CALL - 6]).as("call").isEqualTo((byte) 0x10);
    }

    @Test
    void aBreakpointIsHitEveryTimeUntilRemoved() throws Exception {
        String z = Long.toHexString(image | Fact.LINE_22);
        assertThat(client.request("Z0," + z + ",1")).isEqualTo("OK");
        for (int hit = 0; hit < 5; hit++) { // sum_squares' loop runs 5 times
            assertThat(client.request("c")).as("hit %d", hit).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
        }
        assertThat(client.request("c")).isEqualTo(String.format("W%02x", Fact.EXIT_STATUS));
    }

    @Test
    void aRemovedBreakpointIsNotHit() throws Exception {
        String z = Long.toHexString(image | Fact.LINE_22);
        assertThat(client.request("Z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("c")).isEqualTo(Replies.breakpoint(image | Fact.LINE_22));
        assertThat(client.request("z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("c")).isEqualTo(String.format("W%02x", Fact.EXIT_STATUS));
    }

    @Test
    void settingTwiceIsSettingOnce() throws Exception {
        // the protocol asks for idempotent Z and z: one z0 undoes any number of Z0
        String z = Long.toHexString(image | Fact.LINE_22);
        assertThat(client.request("Z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("Z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("z0," + z + ",1")).isEqualTo("OK");
        assertThat(client.request("c")).isEqualTo(String.format("W%02x", Fact.EXIT_STATUS));
    }

    @Test
    void aBreakpointAtAFunctionStartStopsThereAsLldbExpects() throws Exception {
        // LLDB's symbol address is the body's start (the local declarations); it recognises its
        // breakpoint only if the PC is exactly that
        long move = image | Fact.moveStart();
        assertThat(client.request("Z0," + Long.toHexString(move) + ",1")).isEqualTo("OK");
        assertThat(client.request("c")).isEqualTo(Replies.breakpoint(move));
    }

    @Test
    void breakpointsOutsideTheModulesCodeAreRefused() throws Exception {
        assertThat(client.request("Z0,100,1")).as("linear memory").matches(Replies.ERROR);
        long otherModule = image + (1L << 32);
        assertThat(client.request("Z0," + Long.toHexString(otherModule | Fact.LINE_22) + ",1")).matches(Replies.ERROR);
        assertThat(client.request("Z0,zz,1")).matches(Replies.ERROR);
        assertThat(client.request("Z0,")).matches(Replies.ERROR);
    }

    @Test
    void removingWhatWasNeverSetIsOk() throws Exception {
        assertThat(client.request("z0," + Long.toHexString(image | Fact.LINE_22) + ",1")).isEqualTo("OK");
    }

    @Test
    void hardwareBreakpointsAndWatchpointsAreUnsupported() throws Exception {
        String at = Long.toHexString(image | Fact.LINE_22);
        for (int type = 1; type <= 4; type++) {
            assertThat(client.request("Z" + type + "," + at + ",1")).as("Z%d", type).isEmpty();
            assertThat(client.request("z" + type + "," + at + ",1")).as("z%d", type).isEmpty();
        }
    }

    @Test
    void aClientsBreakpointsLeaveWithIt() throws Exception {
        assertThat(client.request("Z0," + Long.toHexString(image | Fact.LINE_22) + ",1")).isEqualTo("OK");
        client.close();
        client = server.connect();
        assertThat(client.request("c")).isEqualTo(String.format("W%02x", Fact.EXIT_STATUS));
    }
}
