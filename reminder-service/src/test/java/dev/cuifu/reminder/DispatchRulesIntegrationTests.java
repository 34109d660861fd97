package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rules every touch is re-checked against at send time, and the tiers planning chooses. The
 * sweep is off: each test moves the clock, dispatches what is due by hand, and asserts.
 */
class DispatchRulesIntegrationTests extends ManualDispatchIntegrationTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Autowired OptOutRegistry optOuts;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: a touch due in the buyer's quiet hours is deferred across midnight to their end, then sent")
  void quietHoursDeferAcrossMidnight() {
    setLocal(20, 20);
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    awaitSms(orderId, "PLANNED");
    // the shop moves its quiet hours after the order was planned: the send-time check still applies
    updatePolicy(shopId, p -> withQuietHours(p, "20:30", "08:00"));

    CLOCK.advance(Duration.ofMinutes(31)); // 20:51
    Instant morning = localTomorrow(8, 0);
    dispatchDueNow();
    assertThat(dueAt(orderId)).isEqualTo(morning);
    assertThat((String) smsTouch(orderId).get("state_reason")).contains("quiet hours");
    assertThat(decisions(orderId)).contains("DEFERRED");

    CLOCK.set(morning.minusSeconds(60));
    dispatchDueNow();
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).as("not before the quiet hours end").isEmpty();
    CLOCK.set(morning.plusSeconds(60));
    dispatchDueNow();
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(1);
  }

  @Test
  @DisplayName("rule: planning already keeps a touch out of quiet hours (planned for their end)")
  void quietHoursAtPlanning() {
    setLocal(20, 50);
    String orderId = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    awaitSms(orderId, "PLANNED");
    assertThat(dueAt(orderId)).isEqualTo(localTomorrow(8, 0));
    assertThat((String) smsTouch(orderId).get("state_reason")).contains("quiet hours");
  }

  @Test
  @DisplayName("rule: nothing is planned after the payment deadline, and a touch whose deadline passed expires")
  void deadlines() {
    String early = uniqueOrderId();
    publish(ENV.ordersTopic(),
        anOrder(shopId, early, "b-" + early, uniquePhone(), CLOCK.instant(), 12_800, null, CLOCK.instant().plus(Duration.ofMinutes(20))));
    await().atMost(Duration.ofSeconds(20)).until(() -> decisions(early).contains("SKIPPED"));
    assertThat(hasSmsTouch(early)).as("an SMS due after the deadline is not planned").isFalse();

    String late = uniqueOrderId();
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, late, phone, CLOCK.instant()));
    awaitSms(late, "PLANNED");
    CLOCK.advance(Duration.ofHours(73)); // the service was away past the deadline
    dispatchDueNow();
    assertSms(late, "EXPIRED");
    assertThat((String) smsTouch(late).get("state_reason")).contains("deadline");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).isEmpty();
  }

  @Test
  @DisplayName("rule: at most one message per buyer per 24 h across their orders: the second is deferred, then sent")
  void frequencyCapAcrossTwoOrders() {
    String phone = uniquePhone();
    String first = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, first, "cap-buyer", phone, CLOCK.instant(), 12_800, null, null));
    awaitSms(first, "PLANNED");
    CLOCK.advance(Duration.ofMinutes(31));
    dispatchDueNow();
    assertSms(first, "SENT");
    Instant firstSent = instantOf(smsTouch(first).get("sent_at"));

    CLOCK.advance(Duration.ofHours(2));
    String second = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, second, "cap-buyer", phone, CLOCK.instant(), 5_900, null, null));
    awaitSms(second, "PLANNED");
    CLOCK.advance(Duration.ofMinutes(31));
    dispatchDueNow();
    assertThat((String) smsTouch(second).get("state_reason")).contains("frequency cap");
    assertThat(dueAt(second)).isEqualTo(firstSent.plus(Duration.ofHours(24)));
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(1);

    CLOCK.set(firstSent.plus(Duration.ofHours(24)).plusSeconds(1));
    dispatchDueNow();
    assertSms(second, "SENT");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(2);
  }

  @Test
  @DisplayName(
      "rule: a buyer's order whose other order's message another claim holds in flight (SENDING under a live lease)"
          + " is deferred by the frequency cap, not sent as a second message")
  void frequencyCapCountsAMessageAnotherClaimHoldsInFlight() {
    // one instance here, the other claim written by SQL; two real instances racing for one buyer
    // are the fault harness's to carry (docs/reliability.md)
    String phone = uniquePhone();
    String first = uniqueOrderId();
    String second = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, first, "race-buyer", phone, CLOCK.instant(), 12_800, null, null));
    publish(ENV.ordersTopic(), anOrder(shopId, second, "race-buyer", phone, CLOCK.instant().plusSeconds(60), 5_900, null, null));
    awaitSms(first, "PLANNED");
    awaitSms(second, "PLANNED");
    // another instance's batch claimed the first order's touch and is calling the provider
    jdbc.sql(
            """
            update touch set state = 'SENDING', lease_until = ?, claim_token = gen_random_uuid(), attempts = attempts + 1,
                attempt_started_at = ?, body = 'in flight'
            where touch_id = ?
            """)
        .params(
            java.sql.Timestamp.from(CLOCK.instant().plus(Duration.ofMinutes(40))), java.sql.Timestamp.from(CLOCK.instant()),
            smsTouch(first).get("touch_id"))
        .update();

    CLOCK.advance(Duration.ofMinutes(32)); // both due; only the second is left for this instance
    dispatchDueNow();
    assertThat((String) smsTouch(second).get("state_reason")).contains("frequency cap");
    assertThat(smsTouch(second).get("state")).isEqualTo("PLANNED");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).as("no second message while the first is in flight").isEmpty();
  }

  @Test
  @DisplayName("rule: three unpaid orders of one buyer due in the same window become one SMS naming them all")
  void threeOrdersOneMessage() {
    String phone = uniquePhone();
    List<String> orders = List.of(uniqueOrderId(), uniqueOrderId(), uniqueOrderId());
    for (int i = 0; i < orders.size(); i++) {
      publish(ENV.ordersTopic(),
          anOrder(shopId, orders.get(i), "merge-buyer", phone, CLOCK.instant().plus(Duration.ofMinutes(i)), 12_800 + i, null, null));
    }
    orders.forEach(o -> awaitSms(o, "PLANNED"));

    CLOCK.advance(Duration.ofMinutes(31)); // the first two are due, the third a minute later
    dispatchDueNow();
    orders.forEach(o -> assertSms(o, "SENT"));
    var sms = OrderToSmsIntegrationTests.smsTo(phone);
    assertThat(sms).as("one message for all three orders").hasSize(1);
    assertThat(sms.get(0).body()).contains(orders.get(0) + "、" + orders.get(1) + "、" + orders.get(2), "合计 384.03 CNY");
    assertThat(orders.stream().map(o -> smsTouch(o).get("provider_message_id")).distinct()).containsExactly(sms.get(0).sid());
    assertThat(orders.stream().filter(o -> decisions(o).contains("MERGED"))).hasSize(2);
  }

  @Test
  @DisplayName("rule: returning buyers, high-value orders and orders with a note get a phone task; others do not")
  void phoneTasks() {
    String plain = uniqueOrderId();
    String highValue = uniqueOrderId();
    String withNote = uniqueOrderId();
    String imported = uniqueOrderId();
    jdbc.sql("insert into buyer_history (shop_id, buyer_id, imported_paid_orders, updated_at) values (?, 'vip', 2, now())")
        .param(shopId)
        .update();
    publish(ENV.ordersTopic(), anOrder(shopId, plain, "b-plain", uniquePhone(), CLOCK.instant(), 12_800, null, null));
    publish(ENV.ordersTopic(), anOrder(shopId, highValue, "b-rich", uniquePhone(), CLOCK.instant(), 88_800, null, null));
    publish(ENV.ordersTopic(), anOrder(shopId, withNote, "b-note", uniquePhone(), CLOCK.instant(), 12_800, "周五前发货可以吗", null));
    publish(ENV.ordersTopic(), anOrder(shopId, imported, "vip", uniquePhone(), CLOCK.instant(), 12_800, null, null));

    // a buyer who paid an order before, as Cuifu saw it
    String earlier = uniqueOrderId();
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), anOrder(shopId, earlier, "b-back", phone, CLOCK.instant(), 12_800, null, null));
    publish(ENV.ordersTopic(), paid(shopId, earlier, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(orderStatus(earlier)));
    String returning = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, returning, "b-back", phone, CLOCK.instant(), 12_800, null, null));

    for (String o : List.of(plain, highValue, withNote, imported, returning)) {
      awaitSms(o, "PLANNED");
    }
    assertThat(channels(plain)).containsExactly("SMS", "CHAT");
    assertThat(channels(highValue)).containsExactly("SMS", "CHAT", "PHONE");
    assertThat(channels(withNote)).containsExactly("SMS", "CHAT", "PHONE");
    assertThat(channels(imported)).containsExactly("SMS", "CHAT", "PHONE");
    assertThat(channels(returning)).containsExactly("SMS", "CHAT", "PHONE");
    assertThat(touches(highValue).get(2).get("due_at")).isNotNull();
  }

  @Test
  @DisplayName("rule: a policy change applies to orders planned afterwards; planned touches keep their time")
  void policyChangeAffectsNewOrdersOnly() {
    String before = uniqueOrderId();
    Instant placed = CLOCK.instant();
    publish(ENV.ordersTopic(), created(shopId, before, uniquePhone(), placed));
    awaitSms(before, "PLANNED");

    updatePolicy(shopId, p -> new ShopPolicy(
        new ShopPolicy.Sms(true, Duration.ofHours(2), p.sms().from()), p.chat(), p.phone(), p.minOrderAmountMinor(),
        p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(), p.stockCheckUrl()));
    String after = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, after, uniquePhone(), placed));
    awaitSms(after, "PLANNED");

    assertThat(dueAt(before)).isEqualTo(placed.plus(Duration.ofMinutes(30)));
    assertThat(dueAt(after)).isEqualTo(placed.plus(Duration.ofHours(2)));
  }

  @Test
  @DisplayName("rule: an opted-out buyer gets no SMS; the touch is skipped with the reason")
  void optOutHonoured() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    optOuts.optOut(shopId, Channel.SMS, phone, OptOutRegistry.SOURCE_API, "asked us to stop");
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    awaitSms(orderId, "PLANNED");
    CLOCK.advance(Duration.ofMinutes(31));
    dispatchDueNow();
    assertSms(orderId, "SKIPPED");
    assertThat((String) smsTouch(orderId).get("state_reason")).contains("opted out");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).isEmpty();
  }

  @Test
  @DisplayName("rule: with a stock-check URL, an out-of-stock order is skipped and flagged; an in-stock one is reminded")
  void stockCheck() throws IOException {
    String gone = uniqueOrderId();
    String there = uniqueOrderId();
    HttpServer shopStock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    shopStock.createContext("/stock", exchange -> {
      String query = exchange.getRequestURI().getQuery();
      byte[] body = ("{\"inStock\": " + !query.contains("orderId=" + gone) + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    shopStock.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + shopStock.getAddress().getPort() + "/stock");
      updatePolicy(shopId, p -> new ShopPolicy(p.sms(), p.chat(), p.phone(), p.minOrderAmountMinor(),
          p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(), url));
      String gonePhone = uniquePhone();
      String therePhone = uniquePhone();
      publish(ENV.ordersTopic(), created(shopId, gone, gonePhone, CLOCK.instant()));
      publish(ENV.ordersTopic(), created(shopId, there, therePhone, CLOCK.instant()));
      awaitSms(gone, "PLANNED");
      awaitSms(there, "PLANNED");
      CLOCK.advance(Duration.ofMinutes(31));
      dispatchDueNow();
      assertSms(gone, "SKIPPED");
      assertSms(there, "SENT");
      assertThat((String) smsTouch(gone).get("state_reason")).contains("out of stock");
      assertThat(jdbc.sql("select stock_problem from buyer_order where shop_id = ? and order_id = ?")
          .params(shopId, gone).query(Boolean.class).single()).isTrue();
      assertThat(OrderToSmsIntegrationTests.smsTo(gonePhone)).isEmpty();
      assertThat(OrderToSmsIntegrationTests.smsTo(therePhone)).hasSize(1);
    } finally {
      shopStock.stop(0);
    }
  }

  private static ShopPolicy withQuietHours(ShopPolicy p, String start, String end) {
    return new ShopPolicy(p.sms(), p.chat(), p.phone(), p.minOrderAmountMinor(), p.defaultPaymentDeadline(),
        p.timeZone(), new ShopPolicy.QuietHours(LocalTime.parse(start), LocalTime.parse(end)), p.frequencyCap(),
        p.stockCheckUrl());
  }

  /** Moves the clock forward to hh:mm today in Shanghai (tests start at 10:00). */
  private static void setLocal(int hour, int minute) {
    ZonedDateTime now = CLOCK.instant().atZone(SHANGHAI);
    CLOCK.set(now.toLocalDate().atTime(hour, minute).atZone(SHANGHAI).toInstant());
  }

  private static Instant localTomorrow(int hour, int minute) {
    ZonedDateTime now = CLOCK.instant().atZone(SHANGHAI);
    return now.toLocalDate().plusDays(1).atTime(hour, minute).atZone(SHANGHAI).toInstant();
  }

  private Instant dueAt(String orderId) {
    return instantOf(smsTouch(orderId).get("due_at"));
  }


  private void assertSms(String orderId, String state) {
    assertThat(smsTouch(orderId).get("state")).as("state of %s's SMS touch", orderId).isEqualTo(state);
  }

  /** Planning happens when the order event is consumed from Kafka: that stays a wait. */
  private void awaitSms(String orderId, String state) {
    Supplier<Boolean> reached = () -> hasSmsTouch(orderId) && state.equals(smsTouch(orderId).get("state"));
    await().atMost(Duration.ofSeconds(20)).until(reached::get);
  }

  private List<String> decisions(String orderId) {
    return jdbc.sql("select decision from touch_decision where shop_id = ? and order_id = ? order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }

  private List<String> channels(String orderId) {
    return touches(orderId).stream().map(t -> (String) t.get("channel")).toList();
  }

  private String orderStatus(String orderId) {
    List<Map<String, Object>> rows =
        jdbc.sql("select status from buyer_order where shop_id = ? and order_id = ?").params(shopId, orderId).query().listOfRows();
    return rows.isEmpty() ? null : (String) rows.get(0).get("status");
  }
}
