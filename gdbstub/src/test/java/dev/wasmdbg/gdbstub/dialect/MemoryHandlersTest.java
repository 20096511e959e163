package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * m, x, M and X on linear memory (plain addresses) and on the module's image (type-1 addresses,
 * read-only): what is written reads back, the image reads as the file's bytes, and a read never
 * outgrows the advertised PacketSize.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryHandlersTest extends OneClientTest {
    private static final int PACKET_SIZE = 0x20000;
    /** The bytes a binary packet must escape, the interrupt byte, NUL and 0xff. */
    private static final byte[] AWKWARD = {'#', '$', '}', '*', 3, 0, (byte) 0xff, 'A'};

    private long image;

    @BeforeEach
    void readImageBase() throws Exception {
        image = Replies.moduleBase(client);
    }

    @Test
    void hexWritesReadBack() throws Exception {
        assertThat(client.request("M100,4:deadbeef")).isEqualTo("OK");
        assertThat(client.request("m100,4")).isEqualTo("deadbeef");
        assertThat(client.request("m102,4")).isEqualTo("beef0000");
        assertThat(client.request("x100,4")).isEqualTo(latin1(0xde, 0xad, 0xbe, 0xef));
    }

    @Test
    void binaryWritesTakeEscapedBytesAndReadBackEscaped() throws Exception {
        byte[] packet = concat("X200,8:".getBytes(StandardCharsets.ISO_8859_1), AWKWARD);
        client.send(packet); // escapes # $ } *
        assertThat(client.reply()).isEqualTo("OK");
        assertThat(client.request("m200,8")).isEqualTo(RspClient.hex(AWKWARD));
        assertThat(client.request("x200,8")).isEqualTo(new String(AWKWARD, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aRunLengthCodeInARequestIsExpanded() throws Exception {
        // "A* " is 'A' and 32 - 29 = 3 more
        client.sendFramed("X300,4:A* ".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(client.reply()).isEqualTo("OK");
        assertThat(client.request("m300,4")).isEqualTo("41414141");
        client.sendFramed("m300,0* ".getBytes(StandardCharsets.ISO_8859_1)); // length "0000": 0 bytes
        assertThat(client.reply()).isEmpty();
    }

    @Test
    void zeroLengthBinaryReadIsOk() throws Exception {
        // LLDB probes for x support with a zero-length read
        assertThat(client.request("x0,0")).isEqualTo("OK");
    }

    @Test
    void writesWithTheWrongLengthAreRefused() throws Exception {
        assertThat(client.request("M100,4:dead")).matches(Replies.ERROR);
        assertThat(client.request("M100,2:deadbeef")).matches(Replies.ERROR);
        assertThat(client.request("X100,3:ab")).matches(Replies.ERROR);
        assertThat(client.request("M100,1:zz")).matches(Replies.ERROR);
        assertThat(client.request("M100,1:abc")).matches(Replies.ERROR);
        assertThat(client.request("m100,4")).isEqualTo("00000000");
    }

    @Test
    void readsOutsideMemoryAreErrors() throws Exception {
        assertThat(client.request("mffffff00,4")).matches(Replies.ERROR);
        assertThat(client.request("xffffff00,4")).matches(Replies.ERROR);
        assertThat(client.request("Mffffff00,1:00")).matches(Replies.ERROR);
        assertThat(client.request("m,4")).matches(Replies.ERROR);
        assertThat(client.request("m100")).matches(Replies.ERROR);
    }

    @Test
    void theImageReadsAsTheModuleFile() throws Exception {
        byte[] file = server.module();
        assertThat(client.request("m" + Long.toHexString(image) + ",100"))
                .isEqualTo(RspClient.hex(Arrays.copyOfRange(file, 0, 0x100)));
        long at = image | Fact.LINE_22;
        assertThat(client.request("x" + Long.toHexString(at) + ",40"))
                .isEqualTo(new String(Arrays.copyOfRange(file, (int) Fact.LINE_22, (int) Fact.LINE_22 + 0x40),
                        StandardCharsets.ISO_8859_1));
    }

    @Test
    void anImageReadStopsAtTheEndOfTheFile() throws Exception {
        byte[] file = server.module();
        long last4 = image | (file.length - 4);
        assertThat(client.request("m" + Long.toHexString(last4) + ",10"))
                .isEqualTo(RspClient.hex(Arrays.copyOfRange(file, file.length - 4, file.length)));
        assertThat(client.request("m" + Long.toHexString(image | file.length) + ",10")).matches(Replies.ERROR);
    }

    @Test
    void theImageCannotBeWritten() throws Exception {
        assertThat(client.request("M" + Long.toHexString(image | Fact.LINE_22) + ",1:00")).matches(Replies.ERROR);
        client.send(concat(("X" + Long.toHexString(image | Fact.LINE_22) + ",1:").getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0}));
        assertThat(client.reply()).matches(Replies.ERROR);
        assertThat(client.request("m" + Long.toHexString(image | Fact.LINE_22) + ",1"))
                .isEqualTo(RspClient.hex(new byte[] {server.module()[(int) Fact.LINE_22]}));
    }

    @Test
    void largeReadsFitThePacketSize() throws Exception {
        String hex = client.request("m0,100000");
        assertThat(hex.length()).isLessThanOrEqualTo(PACKET_SIZE).isGreaterThan(0);
        assertThat(hex).matches("([0-9a-f]{2})+");
        String binary = client.request("x" + Long.toHexString(image) + ",100000");
        assertThat(binary.length()).isLessThanOrEqualTo(PACKET_SIZE).isGreaterThan(0);
        assertThat(binary.getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo(Arrays.copyOfRange(server.module(), 0, binary.length()));
    }

    private static String latin1(int... bytes) {
        StringBuilder s = new StringBuilder();
        for (int b : bytes) {
            s.append((char) b);
        }
        return s.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
