package dev.cuifu.common.orderfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderFileReaderTests {

  private static final String TMALL_HEADER = "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\n";

  private static final OrderFileProfile WITH_BUYERS =
      new OrderFileProfile(
          "shop", "id", "created", "paid", "total", "currency", null, "buyer", "phone", "closed", null,
          ZoneId.of("Europe/Berlin"), "yyyy-MM-dd'T'HH:mm");

  @Test
  void theTmallProfileReadsTheReportsPaddedHeaderChinaTimeAndUnpaidOrders() {
    List<OrderRow> rows = new ArrayList<>();
    OrderFileSummary summary =
        OrderFileReader.read(
            new StringReader(
                TMALL_HEADER
                    + "1,178.8,0.0,上海,2020-02-21 00:00:00,,0.0\n"
                    + "2,21.0,21.0,内蒙古自治区,2020-02-20 23:59:54,2020-02-21 00:00:02,5.5\n"),
            OrderFileProfile.builtIn("TMALL").orElseThrow(),
            rows::add);

    assertThat(summary.rows()).isEqualTo(2);
    assertThat(summary.errors()).isEmpty();
    assertThat(rows.get(0))
        .isEqualTo(new OrderRow(2, "1", Instant.parse("2020-02-20T16:00:00Z"), null, 17880, "CNY", null, null, null, 0));
    assertThat(rows.get(1).paidAt()).isEqualTo(Instant.parse("2020-02-20T16:00:02Z"));
    assertThat(rows.get(1).refundedMinor()).isEqualTo(550);
    assertThat(rows.get(1).line()).isEqualTo(3);
  }

  @Test
  void badLinesAreReportedByLineNumberAndReasonWithoutTheirContentAndTheRestIsRead() {
    List<OrderRow> rows = new ArrayList<>();
    OrderFileSummary summary =
        OrderFileReader.read(
            new StringReader(
                "id,created,paid,total,currency,buyer,phone,closed\n"
                    + "A1,2026-03-29T02:30,,12.50,EUR,b1,+8613800138000,\n"
                    + "A2,yesterday,,12.50,EUR,b1,+8613800138000,\n"
                    + "A3,2026-03-01T10:00,,12.505,EUR,b2,13800138000,\n"
                    + "\"A4, with a comma\",2026-03-01T10:00,2026-03-01T10:05,3,eur,b2,,\n"
                    + ",2026-03-01T10:00,,3,ZZZ,b3,13800138000,\n"
                    + "A6,2026-03-01T10:00\n"),
            WITH_BUYERS,
            rows::add);

    assertThat(rows).extracting(OrderRow::orderId).containsExactly("A1", "A4, with a comma");
    // 02:30 does not exist in Berlin that night: the next existing moment
    assertThat(rows.get(0).createdAt()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(rows.get(0).buyerPhone()).isEqualTo("+8613800138000");
    assertThat(rows.get(1).currency()).isEqualTo("EUR");
    assertThat(summary.failed()).isEqualTo(4);
    assertThat(summary.errors())
        .containsExactly(
            new LineError(3, "A2", "created: not a time of the form yyyy-MM-dd'T'HH:mm"),
            new LineError(4, "A3", "total: more decimals than EUR has"),
            new LineError(6, null, "id: the order id is empty; currency: not an ISO 4217 currency code"),
            new LineError(7, "A6", "2 column(s), the header has 8"));
    assertThat(summary.errors().get(0)).hasToString("line 3 (order A2): created: not a time of the form yyyy-MM-dd'T'HH:mm");
    assertThat(summary.errors()).allSatisfy(e -> assertThat(e.toString()).doesNotContain("13800138000"));
  }

  @Test
  void theHeadersColumnsTheProfileDoesNotMapAreNamedOnceBeforeTheFirstRow() {
    List<String> events = new ArrayList<>();
    OrderFileReader.read(
        new StringReader("id,created,paid,total,currency,buyer,phone,closed, note ,13800138000\n"
            + "A1,2026-03-01T10:00,,12.50,EUR,b1,+8613800138000,,x,y\n"
            + "A2,2026-03-01T10:00,,12.50,EUR,b1,+8613800138000,,x,y\n"),
        WITH_BUYERS,
        row -> events.add("row " + row.orderId()),
        error -> events.add("error"),
        unmapped -> events.add("unmapped " + unmapped));

    // a number where a name should be is not echoed
    assertThat(events).containsExactly("unmapped [note, …]", "row A1", "row A2");
  }

  @Test
  void aQuotedLineBreakKeepsTheLineNumbersOfLaterRowsRight() {
    OrderFileSummary summary =
        OrderFileReader.read(
            new StringReader(
                TMALL_HEADER + "1,1.0,0.0,\"上海\n浦东\",2020-02-21 00:00:00,,0.0\n" + "2,x,0.0,上海,2020-02-21 00:00:00,,0.0\n"),
            OrderFileProfile.TMALL,
            row -> {});

    assertThat(summary.rows()).isEqualTo(1);
    assertThat(summary.errors()).containsExactly(new LineError(4, "2", "总金额: not a number such as 178.80"));
  }

  @Test
  void aHeaderWithoutTheProfilesColumnsIsRefusedNamingThem() {
    assertThatThrownBy(
            () -> OrderFileReader.read(new StringReader("订单编号,总金额\n1,2.0\n"), OrderFileProfile.TMALL, row -> {}))
        .isInstanceOf(OrderFileException.class)
        .hasMessageContaining("订单创建时间")
        .hasMessageContaining("订单付款时间");
  }

  @Test
  void aYearBeyond9999OrAnAmountAboveAnOrdersLimitIsALineErrorNotACrashLaterOn() {
    List<OrderRow> rows = new ArrayList<>();
    OrderFileSummary summary =
        OrderFileReader.read(
            new StringReader(
                TMALL_HEADER
                    + "1,1.0,0.0,x,+999999999-12-31 23:00:00,,0.0\n"
                    + "2,1.0,0.0,x,2020-02-21 00:00:00,0202-02-21 00:00:00,0.0\n"
                    + "3,92233720368547758.07,0,x,2020-02-21 00:00:00,,0\n"
                    + "4,10000000000.00,0,x,2020-02-21 00:00:00,,0\n"),
            OrderFileProfile.TMALL,
            rows::add);

    assertThat(rows).extracting(OrderRow::orderId).containsExactly("4");
    assertThat(summary.errors())
        .containsExactly(
            new LineError(2, "1", "订单创建时间: a year outside 1900 to 9999"),
            new LineError(3, "2", "订单付款时间: a year outside 1900 to 9999"),
            new LineError(4, "3", "总金额: more than an order may amount to (10000000000.00)"));
  }

  @Test
  void aFileWithoutItsHeaderOrNotInUtf8IsRefusedWithoutEchoingAPhoneNumber() throws IOException {
    assertThatThrownBy(
            () -> OrderFileReader.read(
                new StringReader("1,178.8,+86 138 0013 8000,上海,2020-02-21 00:00:00,,13800138000\n"), OrderFileProfile.TMALL,
                row -> {}))
        .isInstanceOf(OrderFileException.class)
        .hasMessageContaining("订单创建时间")
        .hasMessageNotContaining("13800138000")
        .hasMessageNotContaining("0013 8000");
    byte[] gbk = TMALL_HEADER.getBytes("GBK");
    assertThatThrownBy(() -> OrderFileReader.read(new java.io.ByteArrayInputStream(gbk), OrderFileProfile.TMALL, row -> {}))
        .isInstanceOf(OrderFileException.class)
        .hasMessageStartingWith("the file is not UTF-8");
    String wide = "x".repeat(100_000) + "," + "y,".repeat(1000) + "\n";
    assertThatThrownBy(() -> OrderFileReader.read(new StringReader(wide), OrderFileProfile.TMALL, row -> {}))
        .isInstanceOf(OrderFileException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2000));
  }

  @Test
  void anUnclosedQuoteIsReportedOnTheLineItOpensOnNotTheFilesEnd() {
    List<OrderRow> rows = new ArrayList<>();
    OrderFileSummary summary =
        OrderFileReader.read(
            new StringReader(
                TMALL_HEADER
                    + "1,1.0,0.0,x,2020-02-21 00:00:00,,0.0\n"
                    + "2,\"1.0,0.0,x,2020-02-21 00:00:00,,0.0\n"
                    + "3,1.0,0.0,x,2020-02-21 00:00:00,,0.0\n"
                    + "4,1.0,0.0,x,2020-02-21 00:00:00,,0.0\n"),
            OrderFileProfile.TMALL,
            rows::add);

    assertThat(rows).extracting(OrderRow::orderId).containsExactly("1");
    assertThat(summary.errors()).containsExactly(new LineError(3, "malformed CSV (an unclosed quote?); reading stopped here"));
  }

  @Test
  void aMillionRowsStreamThroughWithoutBeingHeld() {
    long[] amounts = {0};
    long[] rowsSeen = {0};
    long[] heldAfterCollection = new long[2];
    OrderFileSummary summary =
        OrderFileReader.read(
            new GeneratedRows(1_000_000),
            OrderFileProfile.TMALL,
            row -> {
              amounts[0] += row.amountMinor();
              rowsSeen[0]++;
              // the heap still in use after a collection, early and at the end: a reader that kept
              // each row (a hundred bytes or more) would grow by 90 MB or more in between
              if (rowsSeen[0] == 100_000) {
                heldAfterCollection[0] = heapInUseAfterCollection();
              } else if (rowsSeen[0] == 1_000_000) {
                heldAfterCollection[1] = heapInUseAfterCollection();
              }
            });

    assertThat(summary.rows()).isEqualTo(1_000_000);
    assertThat(summary.failed()).isZero();
    assertThat(amounts[0]).isEqualTo(1_000_000L * 1234);
    assertThat(heldAfterCollection[1] - heldAfterCollection[0]).as("heap grown over 900,000 rows").isLessThan(32L << 20);
  }

  private static long heapInUseAfterCollection() {
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void theReportInTheRepositoryReadsWhole() throws IOException {
    long[] unpaid = {0};
    try (InputStream in = Files.newInputStream(Path.of("..", "data", "tmall_order_report.csv"))) {
      OrderFileSummary summary = OrderFileReader.read(in, OrderFileProfile.TMALL, row -> unpaid[0] += row.paid() ? 0 : 1);
      assertThat(summary.rows()).isEqualTo(28_010);
      assertThat(summary.failed()).isZero();
    }
    // data/README.md: 3,923 orders never paid
    assertThat(unpaid[0]).isEqualTo(3_923);
  }

  /** A Tmall report of {@code rows} rows, made up as it is read. */
  private static final class GeneratedRows extends Reader {
    private final int rows;
    private int next;
    private String pending = TMALL_HEADER;
    private int at;

    GeneratedRows(int rows) {
      this.rows = rows;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (at == pending.length()) {
        if (next == rows) {
          return -1;
        }
        next++;
        pending = next + ",12.34,12.34,上海,2020-02-21 00:00:00,2020-02-21 00:01:00,0.0\n";
        at = 0;
      }
      int n = Math.min(length, pending.length() - at);
      pending.getChars(at, at + n, buffer, offset);
      at += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
