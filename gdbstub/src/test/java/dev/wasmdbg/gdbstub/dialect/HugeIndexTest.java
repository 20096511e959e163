package dev.wasmdbg.gdbstub.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Indexes, addresses and lengths far out of range: each answered within a second with an error, or
 * (a read) with a reply no larger than a packet; and answering them costs no memory that stays.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HugeIndexTest extends OneClientTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(1);
    private static final int PACKET_SIZE = 0x20000;
    private static final long HEAP_GROWTH = 32L << 20;

    /** Packets that must get an error. */
    private static final List<String> ERRORS = List.of("qWasmStackValue:0;ffffffff", "qWasmStackValue:0;4294967295",
            "qWasmStackValue:0;99999999999999999999", "qWasmLocal:0;2147483647", "qWasmLocal:-1;0",
            "qWasmGlobal:0;4294967295", "qWasmStackValue:100000;0", "M0,ffffffff:00",
            // negative indexes, as far out of range
            "qWasmStackValue:0;-1", "qWasmLocal:0;-1", "qWasmGlobal:0;-1", "qWasmStackValue:0;-2147483648");
    /** Reads: an error, or a bounded valid reply. */
    private static final List<String> READS = List.of("m0,ffffffffffffffff", "m4000000100000000,ffffffff",
            "x0,ffffffff", "qXfer:libraries:read::0,ffffffffffff");

    @Test
    void eachIsAnErrorOrABoundedRead() throws Exception {
        for (String p : ERRORS) {
            assertThat(client.request(p, PROMPTLY)).as(p).matches(Replies.ERROR);
        }
        for (String p : READS) {
            assertBoundedRead(p, client.request(p, PROMPTLY));
        }
        assertThat(client.request("qC", PROMPTLY)).isEqualTo("QC1");
    }

    @Test
    void theSameWithErrorStrings() throws Exception {
        assertThat(client.request("QEnableErrorStrings")).isEqualTo("OK");
        for (String p : ERRORS) {
            assertThat(client.request(p, PROMPTLY)).as(p).matches(Replies.ERROR);
        }
    }

    @Test
    void twoThousandOfThemLeaveTheHeapAsItWas() throws Exception {
        long before = Heap.usedAfterGc();
        for (int i = 0; i < 2_000; i++) {
            if (i == 1_000) {
                assertThat(client.request("QEnableErrorStrings")).isEqualTo("OK");
            }
            int k = i % (ERRORS.size() + READS.size());
            if (k < ERRORS.size()) {
                assertThat(client.request(ERRORS.get(k), PROMPTLY)).as(ERRORS.get(k)).matches(Replies.ERROR);
            } else {
                String p = READS.get(k - ERRORS.size());
                assertBoundedRead(p, client.request(p, PROMPTLY));
            }
        }
        long growth = Heap.usedAfterGc() - before;
        assertThat(growth).as("heap growth in bytes").isLessThan(HEAP_GROWTH);
    }

    private static void assertBoundedRead(String packet, String reply) {
        if (Replies.ERROR.matcher(reply).matches()) {
            return;
        }
        assertThat(reply.length()).as("size of the reply to %s", packet).isLessThanOrEqualTo(PACKET_SIZE);
        if (packet.startsWith("m")) {
            assertThat(reply).as(packet).matches("([0-9a-f]{2})+");
        } else if (packet.startsWith("qXfer")) {
            assertThat(reply).as(packet).startsWith("l<library-list>");
        } else {
            assertThat(reply).as(packet).isNotEmpty();
        }
    }
}
