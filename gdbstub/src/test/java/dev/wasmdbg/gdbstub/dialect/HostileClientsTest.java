package dev.wasmdbg.gdbstub.dialect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that send garbage, resume and vanish, kill, restart or interrupt and vanish, or connect
 * and say nothing, in a random (seeded) order; after each round a well-behaved client must find a
 * stopped program it can inspect and run to a breakpoint.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HostileClientsTest {
    private static final int ROUNDS = 30;

    /** One hostile client's behaviour. */
    private interface Hostile {
        void act(ServerFixture server) throws IOException;
    }

    private static final List<Hostile> HOSTILE = List.of(
            HostileClientsTest::malformed,
            server -> resumeAndVanish(server, "c"),
            server -> resumeAndVanish(server, "vCont;c"),
            server -> resumeAndVanish(server, "vCont;c:1"),
            server -> sendAndVanish(server, "k"),
            server -> sendAndVanish(server, "qRcmd," + RspClient.hex("restart")),
            HostileClientsTest::runThenInterruptAndVanish,
            HostileClientsTest::interruptAndVanish,
            server -> RspClient.open(server.port()).close());

    @Test
    void aGoodClientIsServedAfterEachRound() throws Exception {
        Random random = new Random(20240611L);
        try (ServerFixture server = ServerFixture.start(Fact.MODULE, "spin")) {
            GoodClient.check(server);
            for (int round = 0; round < ROUNDS; round++) {
                int hostile = 1 + random.nextInt(3);
                StringBuilder what = new StringBuilder();
                for (int i = 0; i < hostile; i++) {
                    int k = random.nextInt(HOSTILE.size());
                    what.append(k).append(' ');
                    HOSTILE.get(k).act(server);
                }
                try {
                    GoodClient.check(server);
                } catch (AssertionError e) {
                    throw new AssertionError("round " + round + " after hostile clients " + what + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** Some malformed frames, in ack mode or not, then gone. */
    private static void malformed(ServerFixture server) throws IOException {
        try (RspClient c = RspClient.open(server.port())) {
            byte[] nuls = new byte[16];
            byte[] huge = new byte[0x20010];
            Arrays.fill(huge, (byte) 'm');
            c.sendBadChecksum("c");
            c.sendRaw(ascii("$qC")); // no '#'
            c.sendRaw(ascii("$m0,4#zz"));
            c.sendFramed(huge);
            c.sendFramed(ascii("m0,4}"));
            c.sendFramed(ascii("c* "));
            c.sendFramed(ascii("*c"));
            c.sendFramed(nuls);
            c.sendRaw(nuls);
            c.sendRaw(ascii("$vCont;c"));
        }
    }

    private static void resumeAndVanish(ServerFixture server, String resume) throws IOException {
        RspClient c = server.connect();
        c.send(resume);
        c.close();
    }

    private static void sendAndVanish(ServerFixture server, String packet) throws IOException {
        RspClient c = server.connect();
        c.send(packet);
        c.close();
    }

    private static void runThenInterruptAndVanish(ServerFixture server) throws IOException {
        RspClient c = server.connect();
        c.send("c");
        c.interrupt();
        c.close();
    }

    private static void interruptAndVanish(ServerFixture server) throws IOException {
        RspClient c = RspClient.open(server.port());
        c.interrupt();
        c.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
