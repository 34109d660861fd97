package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ReminderServiceApplication;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.dispatch.Dispatcher;
import dev.cuifu.testing.SettableClock;
import dev.cuifu.testing.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /twilio/status} under load, over real HTTP: callbacks arriving together are applied
 * in one transaction per batch ({@link StatusCallbackQueue}), each answered only once its batch
 * committed. A test holds a row lock on one touch to keep the writer busy while it queues others,
 * so it knows which callbacks share a batch. A context of its own: small queues, small batches.
 */
@SpringBootTest(
    classes = {ReminderServiceApplication.class, StatusCallbackGroupCommitIntegrationTests.OwnClock.class},
    properties = {
      "spring.config.name=" + ReminderServiceApplication.CONFIG_NAME,
      "cuifu.reminder.dispatch.sweep-enabled=false",
      "cuifu.sms.status-callbacks.batch-size=8",
      "cuifu.sms.status-callbacks.queue-capacity=12",
      "cuifu.sms.status-callbacks.sender-queue-capacity=6",
      "cuifu.sms.status-callbacks.max-wait=6s"
    },
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class StatusCallbackGroupCommitIntegrationTests {

  static final ReminderTestSupport.Environment ENV = ReminderTestSupport.Environment.fresh();
  static final SettableClock CLOCK = ReminderTestSupport.newClock();
  static final Duration SHOP_DELAY = Duration.ofMinutes(30);
  static final int PORT = ReminderTestSupport.freePortAfterInfrastructure();
  static final String STATUS_URL = "http://127.0.0.1:" + PORT + "/twilio/status";
  static final String SENDER = "+15005550006";
  static final String OTHER_SENDER = "+15005550007";

  static HttpClient http;
  static ExecutorService clients;

  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired Dispatcher dispatcher;
  @Autowired MeterRegistry meters;

  String shopId;

  /** An SMS touch sent as {@code sid}. */
  record Sent(long touchId, String orderId, String sid, String phone) {}

  @TestConfiguration(proxyBeanMethods = false)
  static class OwnClock {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }
  }

  @DynamicPropertySource
  static void environment(DynamicPropertyRegistry registry) {
    ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("server.port", () -> PORT);
    registry.add("cuifu.sms.twilio.status-callback-url", () -> STATUS_URL);
    registry.add("server.shutdown", () -> "immediate");
  }

  @BeforeAll
  static void clients() {
    ReminderTestSupport.twilioStub();
    clients = Executors.newFixedThreadPool(16);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clients).build();
  }

  @AfterAll
  static void stopClients() {
    clients.shutdownNow();
  }

  @BeforeEach
  void aShopInTheMorning() {
    ZonedDateTime now = CLOCK.instant().atZone(ZoneId.of("Asia/Shanghai"));
    CLOCK.set(now.toLocalDate().plusDays(1).atTime(10, 0).atZone(now.getZone()).toInstant());
    shopId = TestInfrastructure.uniqueName("shop").replace('_', '-');
    ReminderTestSupport.publishShop(ENV.shopsTopic(), ReminderTestSupport.shop(shopId, SHOP_DELAY, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(shopId).query(Long.class).single() == 1);
  }

  /** {@code n} orders planned and their SMS sent through the stub. */
  private List<Sent> sentSms(int n) {
    List<String> orders = new ArrayList<>();
    Map<String, String> phones = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      String orderId = uniqueOrderId();
      String phone = uniquePhone();
      orders.add(orderId);
      phones.put(orderId, phone);
      publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    }
    await().atMost(Duration.ofSeconds(60))
        .until(() -> jdbc.sql("select count(*) from touch where shop_id = ? and channel = 'SMS'").param(shopId).query(Long.class).single() == n);
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatcher.dispatchDueNow();
    List<Sent> sent =
        jdbc.sql(
                "select touch_id, order_id, provider_message_id from touch where shop_id = ? and channel = 'SMS'"
                    + " and state = 'SENT' order by touch_id")
            .param(shopId)
            .query((rs, i) -> new Sent(rs.getLong(1), rs.getString(2), rs.getString(3), phones.get(rs.getString(2))))
            .list();
    assertThat(sent).hasSize(n);
    return sent;
  }

  private Map<String, String> callback(Sent sms, String status, String errorCode, String from) {
    Map<String, String> params =
        form("MessageSid", sms.sid(), "MessageStatus", status, "To", sms.phone(), "From", from,
            "AccountSid", ReminderTestSupport.ACCOUNT_SID);
    if (errorCode != null) {
      params.put("ErrorCode", errorCode);
    }
    return params;
  }

  /** Posts the callback as Twilio does: form-encoded over HTTP, signed for the URL it calls. */
  private CompletableFuture<HttpResponse<String>> post(Map<String, String> params) {
    String body =
        params.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(STATUS_URL))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(TwilioRequestVerifier.SIGNATURE_HEADER, ReminderTestSupport.twilioStub().signature(STATUS_URL, params))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private int postAndWait(Map<String, String> params) {
    return post(params).join().statusCode();
  }

  private List<String> deliveryDecisions(Sent sms) {
    return jdbc.sql(
            "select reason from touch_decision where touch_id = ? and decision = 'SENT' and reason like 'delivery status:%'"
                + " order by decision_id")
        .param(sms.touchId())
        .query(String.class)
        .list()
        .stream()
        .map(reason -> reason.substring("delivery status: ".length()))
        .toList();
  }

  private Map<String, Object> touch(Sent sms) {
    return jdbc.sql("select * from touch where touch_id = ?").param(sms.touchId()).query().singleRow();
  }

  private double queued() {
    return meters.get(StatusCallbackQueue.METRIC_QUEUED).gauge().value();
  }

  private long batchesCommitted() {
    return meters.get(StatusCallbackQueue.METRIC_BATCH).tag("outcome", "committed").timer().count();
  }

  private long lockWaits() {
    return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
        .query(Long.class)
        .single();
  }

  /**
   * Holds a row lock on {@code blocker}'s touch and posts a callback for it: the writer takes that
   * callback alone and waits on the lock, so what is posted next queues up behind it until {@link
   * Blocker#close()}.
   */
  private Blocker blockTheWriter(Sent blocker) throws SQLException {
    Connection connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    try (PreparedStatement lock = connection.prepareStatement("select 1 from touch where touch_id = ? for update")) {
      lock.setLong(1, blocker.touchId());
      lock.executeQuery().close();
    }
    long waitsBefore = lockWaits();
    CompletableFuture<HttpResponse<String>> answer = post(callback(blocker, "sent", null, "+15005550099"));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> lockWaits() > waitsBefore && queued() == 0);
    return new Blocker(connection, answer);
  }

  record Blocker(Connection connection, CompletableFuture<HttpResponse<String>> answer) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      if (!connection.isClosed()) {
        connection.rollback();
        connection.close();
      }
    }
  }

  /** Posts in order, each queued before the next is posted, so that arrival order is this order. */
  private List<CompletableFuture<HttpResponse<String>>> queueInOrder(List<Map<String, String>> callbacks) {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (Map<String, String> params : callbacks) {
      double before = queued();
      answers.add(post(params));
      await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
          .until(() -> queued() == before + 1);
    }
    return answers;
  }

  private static List<Integer> statuses(List<CompletableFuture<HttpResponse<String>>> answers) {
    return answers.stream().map(a -> a.join().statusCode()).toList();
  }

  @Test
  @DisplayName("rule: callbacks arriving together are all applied, in far fewer transactions than callbacks")
  void concurrentCallbacksShareTransactions() throws Exception {
    List<Sent> all = sentSms(37);
    Sent blocker = all.get(36);
    List<Sent> sms = all.subList(0, 36);
    // the writer held at first, so the twelve clients' first callbacks surely share a batch; after
    // that, how many share one depends on timing (under load more do), so only the first is counted on
    Blocker blocked = blockTheWriter(blocker);
    long batchesBefore = batchesCommitted();

    // twelve clients at once (two senders), each reporting its touches' statuses in Twilio's order
    List<Future<List<Integer>>> clientsDone = new ArrayList<>();
    ExecutorService posters = Executors.newFixedThreadPool(12);
    try {
      for (int c = 0; c < 12; c++) {
        List<Sent> mine = sms.subList(c * 3, c * 3 + 3);
        String from = c % 2 == 0 ? SENDER : OTHER_SENDER;
        clientsDone.add(
            posters.submit(
                () -> {
                  List<Integer> codes = new ArrayList<>();
                  for (Sent s : mine) {
                    for (String status : List.of("queued", "sent", "delivered")) {
                      codes.add(postAndWait(callback(s, status, null, from)));
                    }
                  }
                  return codes;
                }));
      }
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> queued() == 12);
      blocked.close();
      for (Future<List<Integer>> done : clientsDone) {
        assertThat(done.get()).as("every callback answered 204 once committed").containsOnly(204);
      }
    } finally {
      blocked.close();
      posters.shutdownNow();
    }

    long batches = batchesCommitted() - batchesBefore;
    // the blocker's batch, one of the twelve first callbacks, at most one per callback after them
    assertThat(batches).as("transactions for 108 callbacks").isPositive().isLessThanOrEqualTo(1 + 1 + 96);
    // PostgreSQL's own word: the transactions that wrote the 108 status moves on the timeline (a
    // database-wide commit count would also hold other cached test contexts' sweeps)
    assertThat(transactionsThatRecordedDeliveries(sms))
        .as("PostgreSQL transactions that recorded the 108 callbacks")
        .isLessThanOrEqualTo(batches)
        .isLessThan(108);
    for (Sent s : sms) {
      assertThat(touch(s)).containsEntry("delivery_status", "delivered");
      assertThat(deliveryDecisions(s)).containsExactly("queued", "sent", "delivered");
    }
  }

  private long transactionsThatRecordedDeliveries(List<Sent> sms) {
    return jdbc.sql("select count(distinct xmin::text) from touch_decision where touch_id = any(?) and reason like 'delivery status: %'")
        .param(sms.stream().map(Sent::touchId).toArray(Long[]::new))
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName("rule: out-of-order and duplicate statuses in one batch end as applying them one by one would")
  void outOfOrderInOneBatch() throws Exception {
    List<Sent> sms = sentSms(3);
    Sent blocker = sms.get(0);
    Sent late = sms.get(1);
    Sent failed = sms.get(2);
    List<CompletableFuture<HttpResponse<String>>> answers;
    long batchesBefore;
    Blocker blocked = blockTheWriter(blocker);
    try {
      batchesBefore = batchesCommitted();
      answers =
          queueInOrder(
              List.of(
                  callback(late, "delivered", null, SENDER),
                  callback(late, "sent", null, SENDER),
                  callback(failed, "sent", null, OTHER_SENDER),
                  callback(late, "delivered", null, SENDER),
                  callback(failed, "undelivered", "30003", OTHER_SENDER),
                  callback(late, "queued", null, SENDER),
                  callback(failed, "delivered", null, OTHER_SENDER)));
    } finally {
      blocked.close();
    }
    assertThat(statuses(answers)).containsOnly(204);
    assertThat(batchesCommitted() - batchesBefore).as("the blocker's batch, then one batch of the seven").isEqualTo(2);

    assertThat(touch(late)).containsEntry("delivery_status", "delivered").containsEntry("delivery_error_code", null);
    assertThat(deliveryDecisions(late)).as("a late sent or queued after delivered changes nothing").containsExactly("delivered");
    assertThat(touch(failed)).containsEntry("delivery_status", "undelivered").containsEntry("delivery_error_code", 30003);
    assertThat(deliveryDecisions(failed)).as("undelivered is final").containsExactly("sent", "undelivered (error 30003)");

    // the same again, each in a batch of its own: a replay changes nothing, not even the time
    Object updatedAt = touch(late).get("delivery_updated_at");
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(postAndWait(callback(late, "delivered", null, SENDER))).isEqualTo(204);
    assertThat(postAndWait(callback(late, "sent", null, SENDER))).isEqualTo(204);
    assertThat(postAndWait(callback(failed, "delivered", null, OTHER_SENDER))).isEqualTo(204);
    assertThat(touch(late)).containsEntry("delivery_status", "delivered").containsEntry("delivery_updated_at", updatedAt);
    assertThat(deliveryDecisions(late)).containsExactly("delivered");
    assertThat(deliveryDecisions(failed)).containsExactly("sent", "undelivered (error 30003)");
  }

  @Test
  @DisplayName("rule: a batch the database refuses is answered 503 for every callback in it, and nothing of it is kept")
  void failedBatchIsRetriedWhole() throws Exception {
    List<Sent> sms = sentSms(4);
    Sent blocker = sms.get(0);
    Sent poisoned = sms.get(3);
    jdbc.sql(
            """
            create or replace function refuse_delivery_for_test() returns trigger language plpgsql as $$
            begin
              if new.touch_id = %d and new.delivery_status is distinct from old.delivery_status then
                raise exception 'database refuses this update (test)';
              end if;
              return new;
            end $$
            """.formatted(poisoned.touchId()))
        .update();
    jdbc.sql("create trigger refuse_delivery_for_test before update on touch for each row execute function refuse_delivery_for_test()")
        .update();
    List<CompletableFuture<HttpResponse<String>>> answers;
    try {
      Blocker blocked = blockTheWriter(blocker);
      try {
        answers = queueInOrder(List.of(
            callback(sms.get(1), "delivered", null, SENDER),
            callback(sms.get(2), "delivered", null, SENDER),
            callback(poisoned, "delivered", null, SENDER)));
      } finally {
        blocked.close();
      }
      assertThat(statuses(answers)).as("every callback of the failed batch, so that Twilio posts each again").containsOnly(503);
      assertThat(answers.get(0).join().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
      for (Sent s : sms.subList(1, 4)) {
        assertThat(touch(s)).as("nothing of the batch committed").containsEntry("delivery_status", null);
        assertThat(deliveryDecisions(s)).isEmpty();
      }
    } finally {
      jdbc.sql("drop trigger refuse_delivery_for_test on touch").update();
    }

    // Twilio's retry
    for (Sent s : sms.subList(1, 4)) {
      assertThat(postAndWait(callback(s, "delivered", null, SENDER))).isEqualTo(204);
      assertThat(deliveryDecisions(s)).containsExactly("delivered");
    }
  }

  @Test
  @DisplayName("rule: a full queue answers 503 at once; one sender's flood is refused before it stalls another sender")
  void fullQueueIsRefusedAndLanesShareBatches() throws Exception {
    List<Sent> sms = sentSms(14);
    Sent blocker = sms.get(0);
    List<Sent> flood = sms.subList(1, 8);
    List<Sent> other = sms.subList(8, 14);
    List<CompletableFuture<HttpResponse<String>>> accepted;
    int floodOverflow;
    int queueOverflow;
    Blocker blocked = blockTheWriter(blocker);
    try {
      List<Map<String, String>> callbacks = new ArrayList<>();
      flood.subList(0, 6).forEach(s -> callbacks.add(callback(s, "delivered", null, SENDER)));
      other.forEach(s -> callbacks.add(callback(s, "delivered", null, OTHER_SENDER)));
      accepted = queueInOrder(callbacks);
      assertThat(queued()).isEqualTo(12);
      floodOverflow = postAndWait(callback(flood.get(6), "delivered", null, SENDER));
      queueOverflow = postAndWait(callback(blocker, "delivered", null, "+15005550008"));
    } finally {
      blocked.close();
    }
    assertThat(floodOverflow).as("a sender's 7th waiting callback (its lane holds 6)").isEqualTo(503);
    assertThat(queueOverflow).as("a 13th waiting callback (the queue holds 12)").isEqualTo(503);
    assertThat(statuses(accepted)).containsOnly(204);

    // lanes take turns: a batch of 8 took 4 of each, not the flood's 6 first
    assertThat(firstDecisionId(other.get(3))).as("the other sender's 4th callback is not behind the whole flood")
        .isLessThan(firstDecisionId(flood.get(4)));
    assertThat(touch(flood.get(6))).containsEntry("delivery_status", null);
  }

  @Test
  @DisplayName("rule: a callback answered 503 (its batch not committed in time) is posted again by Twilio, as the StatusCallback URL's #rc=3&rp=all asks")
  void refusedCallbackIsPostedAgainByTwilio() throws Exception {
    Sent only = sentSms(1).get(0);
    assertThat(ReminderTestSupport.twilioStub().message(only.sid()).orElseThrow().statusCallback())
        .as("the URL handed to Twilio carries the retry overrides").isEqualTo(STATUS_URL + "#rc=3&rp=all");
    ReminderTestSupport.twilioStub().updateStatus(only.sid(), "delivered", null);
    double timeoutsBefore = refused("timeout");
    CompletableFuture<Integer> twilio;
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try (PreparedStatement rowLock = lock.prepareStatement("select 1 from touch where touch_id = ? for update")) {
        rowLock.setLong(1, only.touchId());
        rowLock.executeQuery().close();
      }
      // the stub posts as Twilio does: to the URL without its fragment, signed, retried per rc/rp
      twilio = CompletableFuture.supplyAsync(() -> ReminderTestSupport.twilioStub().sendStatusCallback(only.sid()), clients);
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(() -> refused("timeout") > timeoutsBefore);
      lock.rollback();
    }

    assertThat(twilio.get(20, java.util.concurrent.TimeUnit.SECONDS))
        .as("the first post answered 503 after max-wait; Twilio's retry answered 204").isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(touch(only).get("delivery_status")));
    assertThat(deliveryDecisions(only)).as("applied once, however often posted").containsExactly("delivered");
  }

  private double refused(String reason) {
    return meters.get(StatusCallbackQueue.METRIC_REFUSED).tag("reason", reason).counter().count();
  }

  private long firstDecisionId(Sent s) {
    return jdbc.sql("select min(decision_id) from touch_decision where touch_id = ? and reason like 'delivery status:%'")
        .param(s.touchId())
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName("rule: a callback whose batch does not commit within the maximum wait is answered 503; Twilio's retry changes nothing more")
  void slowCommitIsAnswered503() throws Exception {
    List<Sent> sms = sentSms(1);
    Sent only = sms.get(0);
    int answer;
    try (Blocker b = blockTheWriter(only)) {
      answer = b.answer().get().statusCode();
    }
    assertThat(answer).as("after max-wait 6s").isEqualTo(503);
    await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(touch(only).get("delivery_status")));
    assertThat(postAndWait(callback(only, "sent", null, "+15005550099"))).isEqualTo(204);
    assertThat(deliveryDecisions(only)).containsExactly("sent");
  }
}
