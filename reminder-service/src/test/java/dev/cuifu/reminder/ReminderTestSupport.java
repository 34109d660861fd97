package dev.cuifu.reminder;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.testing.SettableClock;
import dev.cuifu.testing.TestInfrastructure;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What reminder-service tests share: one Twilio stub, one settable clock, a producer onto the real
 * broker, and a fresh set of names (schema, topics, consumer group) per test environment.
 */
public final class ReminderTestSupport {

  public static final String ACCOUNT_SID = "AC" + "0".repeat(32);
  public static final String AUTH_TOKEN = "test-auth-token";
  /** The Bearer token of /actuator/prometheus in tests. */
  public static final String MANAGEMENT_TOKEN = "test-management-token-0123456789";

  private static final AtomicInteger PHONE_SEQUENCE =
      new AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(50_000_000));
  private static TwilioStubServer stub;

  /** The clock of the shared reminder-service context (and of the Twilio stub). */
  static final SettableClock SHARED_CLOCK = newClock();
  private static KafkaProducer<String, byte[]> producer;

  /**
   * {@code cuifu.sms.shared-senders} in tests: the Messaging Service and the WhatsApp sandbox
   * sender that tests put in policies besides each shop's assigned {@code +14155550100}.
   */
  public static final List<String> SHARED_SENDERS =
      List.of("MG0123456789abcdef0123456789abcdef", "whatsapp:+14155238886");

  private ReminderTestSupport() {}

  /** The names and properties of one isolated reminder-service environment. */
  public record Environment(String schema, String ordersTopic, String deadLetterTopic, String shopsTopic, String group) {

    public static Environment fresh() {
      String id = TestInfrastructure.uniqueName("rs");
      return new Environment(id, id + ".orders", id + ".orders.dlt", id + ".shops", id);
    }

    public Map<String, Object> properties() {
      Map<String, Object> p = new HashMap<>();
      p.put("spring.config.name", ReminderServiceApplication.CONFIG_NAME);
      p.put("spring.datasource.url", TestInfrastructure.jdbcUrl(schema));
      p.put("spring.datasource.username", TestInfrastructure.dbUser());
      p.put("spring.datasource.password", TestInfrastructure.dbPassword());
      p.put("spring.flyway.schemas", schema);
      p.put("spring.flyway.default-schema", schema);
      p.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
      p.put("spring.quartz.scheduler-name", schema);
      p.put("cuifu.reminder.events.orders-topic", ordersTopic);
      p.put("cuifu.reminder.events.dead-letter-topic", deadLetterTopic);
      p.put("cuifu.reminder.events.shops-topic", shopsTopic);
      p.put("cuifu.reminder.events.consumer-group", group);
      // a stall shows within seconds (the stall test stops the consumer while records wait)
      p.put("cuifu.reminder.events.progress-check-interval", "PT0.5S");
      p.put("cuifu.reminder.events.stall-after", "PT8S");
      p.put("cuifu.reminder.dispatch.sweep-interval", "PT0.2S");
      p.put("cuifu.reminder.dispatch.recovery-interval", "PT0.5S");
      p.put("cuifu.sms.twilio.account-sid", ACCOUNT_SID);
      p.put("cuifu.sms.twilio.auth-token", AUTH_TOKEN);
      p.put("cuifu.sms.twilio.api-base-url", twilioStub().baseUrl());
      // the senders tests put in policies besides a shop's assigned one (SHARED_SENDERS)
      p.put("cuifu.sms.shared-senders", String.join(",", SHARED_SENDERS));
      p.put("cuifu.reminder.phone.events.topic", phoneTasksTopic());
      p.put("cuifu.reminder.phone.events.relay-interval", "PT0.2S");
      p.put("server.port", "0");
      // the Twilio, chat and stock stubs run on loopback: allow-listed, as the launcher does
      p.put("cuifu.outbound.allowed-hosts", "127.0.0.1,localhost");
      p.put("cuifu.management.token", MANAGEMENT_TOKEN);
      return p;
    }

    /** Where this environment's phone-task events go. */
    public String phoneTasksTopic() {
      return schema + ".phone-tasks";
    }

    public String[] propertyArray() {
      return properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
  }

  public static synchronized TwilioStubServer twilioStub() {
    if (stub == null) {
      // the stub dates its messages by the shared test clock, as Twilio and we share real time
      stub = TwilioStubServer.start(0, ACCOUNT_SID, AUTH_TOKEN, SHARED_CLOCK);
      Runtime.getRuntime().addShutdownHook(new Thread(stub::close));
    }
    return stub;
  }

  /**
   * A free port chosen once the database and broker run: embedded PostgreSQL picks its port the
   * same way (free, released, then bound), so choosing ours first could hand both the same port.
   */
  public static int freePortAfterInfrastructure() {
    TestInfrastructure.jdbcUrl();
    TestInfrastructure.kafkaBootstrapServers();
    return dev.cuifu.testing.LoopbackHttpServer.freePort();
  }

  public static SettableClock newClock() {
    return new SettableClock(Instant.parse("2026-11-11T02:00:00Z"));
  }

  /** A valid mainland China mobile number no other test uses. */
  public static String uniquePhone() {
    return String.format("+86139%08d", PHONE_SEQUENCE.incrementAndGet());
  }

  public static String uniqueOrderId() {
    return "TB" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static ShopUpdated shop(String shopId, Duration smsDelay, Instant at) {
    return new ShopUpdated(
        ShopUpdated.SCHEMA_VERSION, shopId, "小店" + shopId, List.of(ApiKeyDigest.sha256Hex(apiKey(shopId))), smsDelay,
        "+14155550100", ZoneId.of("Asia/Shanghai"), at);
  }

  /** The API key each test shop is given. */
  public static String apiKey(String shopId) {
    return "cf_test_key_of_" + shopId;
  }

  public static OrderCreated created(String shopId, String orderId, String phone, Instant at) {
    return new OrderCreated(
        "created-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, at, "buyer-" + orderId, phone,
        null, ZoneId.of("Asia/Shanghai"), new Money(12_800L, "CNY"), "羊毛围巾 红色", null, null, false);
  }

  /** An order with everything a test may want to vary. */
  public static OrderCreated anOrder(
      String shopId, String orderId, String buyerId, String phone, Instant at, long amountMinor, String note, Instant deadline) {
    return new OrderCreated(
        "created-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, at, buyerId, phone, null,
        ZoneId.of("Asia/Shanghai"), new Money(amountMinor, "CNY"), "羊毛围巾 红色", note, deadline, false);
  }

  public static OrderPaid paid(String shopId, String orderId, Instant at) {
    return new OrderPaid("paid-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, at, new Money(12_800L, "CNY"), at);
  }

  public static OrderClosed closed(String shopId, String orderId, Instant at) {
    return new OrderClosed("closed-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, at, "buyer cancelled");
  }

  public static void publish(String topic, OrderEvent event) {
    send(topic, event.key(), EventJson.mapper().writeValueAsBytes(event));
  }

  public static void publishShop(String topic, ShopUpdated shop) {
    send(topic, shop.shopId(), EventJson.mapper().writeValueAsBytes(shop));
  }

  public static void send(String topic, String key, byte[] value) {
    try {
      producer().send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static synchronized KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                  ProducerConfig.ACKS_CONFIG, "all"),
              new StringSerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }
}
