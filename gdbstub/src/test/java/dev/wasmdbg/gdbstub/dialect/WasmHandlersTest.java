package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LLDB's wasm packets (qWasmCallStack, qWasmLocal, qWasmGlobal, qWasmStackValue) and the library
 * list, at ratio's i32.div_s with arg 0: ratio(720, 0) (720 = fact(6)), both operands on the stack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasmHandlersTest {
    private ServerFixture server;
    private RspClient client;
    private long image;

    @BeforeEach
    void stopAtTheDivision() throws Exception {
        server = ServerFixture.start(Fact.MODULE, "0");
        client = server.connect();
        image = Replies.moduleBase(client);
        client.request("Z0," + Long.toHexString(image | Fact.DIVIDE) + ",1");
        assertThat(client.request("c")).isEqualTo(Replies.breakpoint(image | Fact.DIVIDE));
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void callStackIsThePcThenWhereEachCallerResumes() throws Exception {
        List<Long> frames = Replies.callStack(client.request("qWasmCallStack:1"));
        assertThat(frames.get(0)).isEqualTo(image | Fact.DIVIDE);
        assertThat(frames.get(1)).isEqualTo(image | Fact.AFTER_RATIO_CALL);
        // ratio, main, __main_void, __original_main / _start, the command export
        assertThat(frames).hasSizeGreaterThanOrEqualTo(4);
        assertThat(frames.get(frames.size() - 1) & 0xffffffffL)
                .isBetween((long) Fact.body("_start.command_export").offset(),
                        (long) Fact.body("_start.command_export").end());
        for (long f : frames) {
            assertThat(f & ~0xffffffffL).as("module of 0x%x", f).isEqualTo(image);
        }
    }

    @Test
    void localsAreTheirTypesSize() throws Exception {
        assertThat(client.request("qWasmLocal:0;0")).as("a").isEqualTo("d0020000");
        assertThat(client.request("qWasmLocal:0;1")).as("b").isEqualTo("00000000");
        // ratio's one declared local: its frame pointer, __stack_pointer - 16 (-O0 does not store it back)
        long frame = RspClient.fromLittleEndian(client.request("qWasmLocal:0;2"));
        long stackPointer = RspClient.fromLittleEndian(client.request("qWasmGlobal:0;0"));
        assertThat(frame).isEqualTo(stackPointer - 16);
        assertThat(client.request("qWasmLocal:0;3")).matches(Replies.ERROR);
        // main's locals are there too, one frame up
        assertThat(client.request("qWasmLocal:1;0")).matches("[0-9a-f]{8}");
    }

    @Test
    void globalsAreTheInstancesGlobals() throws Exception {
        assertThat(client.request("qWasmGlobal:0;0")).matches("[0-9a-f]{8}");
        assertThat(client.request("qWasmGlobal:0;1000")).matches(Replies.ERROR);
    }

    @Test
    void stackValuesAreTheFramesOperandsAs8Bytes() throws Exception {
        assertThat(client.request("qWasmStackValue:0;0")).isEqualTo("d002000000000000");
        assertThat(client.request("qWasmStackValue:0;1")).isEqualTo("0000000000000000");
        assertThat(client.request("qWasmStackValue:0;2")).matches(Replies.ERROR);
    }

    @Test
    void malformedArgumentsAreErrors() throws Exception {
        for (String p : new String[] {"qWasmLocal:", "qWasmLocal:0", "qWasmLocal:0;", "qWasmLocal:a;b", "qWasmLocal:0;1;2",
                "qWasmGlobal:;", "qWasmStackValue:0;-1", "qWasmStackValue:99;0"}) {
            assertThat(client.request(p)).as(p).matches(Replies.ERROR);
        }
    }

    @Test
    void libraryListNamesTheModuleAndItsImageAddress() throws Exception {
        String xml = client.request("qXfer:libraries:read::0,1000");
        assertThat(xml).isEqualTo("l<library-list><library name=\"" + ServerFixture.path(Fact.MODULE)
                + "\"><section address=\"0x" + Long.toHexString(image) + "\"/></library></library-list>");
    }

    @Test
    void libraryListReadsInChunks() throws Exception {
        String whole = client.request("qXfer:libraries:read::0,1000").substring(1);
        String first = client.request("qXfer:libraries:read::0,10");
        assertThat(first).isEqualTo("m" + whole.substring(0, 16));
        assertThat(client.request("qXfer:libraries:read::10,1000")).isEqualTo("l" + whole.substring(16));
        assertThat(client.request("qXfer:libraries:read::" + Integer.toHexString(whole.length()) + ",10"))
                .isEqualTo("l");
        assertThat(Replies.libraries(client)).isEqualTo(whole);
    }
}
