package dev.cuifu.harness.rawinput;

import dev.cuifu.common.kafka.Topics;
import dev.cuifu.harness.Target;
import dev.cuifu.harness.tenancy.Http;
import dev.cuifu.harness.tenancy.ShopClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes records straight to the orders topic, past order-ingest's checks: bytes that are not
 * JSON, empty and null values, wrong shapes, out-of-range values, a shop that does not exist, a
 * key naming another shop. Then an ordinary order of the check's own shop goes through
 * order-ingest onto the same partition, behind them: it must be planned within the bound (the
 * consumer did not stall), and each bad record must be on the dead-letter topic or applied.
 */
public final class RawTopicInput {

  static final Duration BOUND = Duration.ofSeconds(30);

  /** The buyer numbers its records and its after-order carry, for the privacy scan. */
  public static final Set<String> PHONES = Set.of("+8613700000000", "+8613700000001", "+8613700000002", "+8613700000003");
  private static final Set<RawInputResult.Fate> DEAD = EnumSet.of(RawInputResult.Fate.DEAD_LETTERED);

  /** A record to write, and the fates that are right for it. */
  record Bad(String kind, String shop, String orderId, String key, byte[] value, Set<RawInputResult.Fate> expected, String why) {
    Bad withKey(String other) {
      return new Bad(kind, shop, orderId, other, value, expected, why);
    }
  }

  private final Target target;

  private RawTopicInput(Target target) {
    this.target = target;
  }

  public static RawInputResult run(Target target) {
    return new RawTopicInput(target).run();
  }

  private RawInputResult run() {
    String token = Long.toString(System.currentTimeMillis(), 36);
    String shopId = "abuse-raw-" + token;
    String apiKey = ShopClient.createShop(target, shopId, "AbuseRaw-" + token);
    String afterOrder = "ord-" + token + "-after";
    List<Bad> records = records(shopId, token);

    Map<TopicPartition, Long> deadLetterStart;
    List<Long> offsets = new ArrayList<>();
    int partition;
    try (KafkaProducer<String, byte[]> producer = producer();
        KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> dlt = consumer.partitionsFor(Topics.ORDERS_DEAD_LETTER, Duration.ofSeconds(10)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      deadLetterStart = consumer.endOffsets(dlt);
      int partitions = producer.partitionsFor(Topics.ORDERS).size();
      // the partition order-ingest's producer picks for the after-order's key: the bad records go first, in its way
      partition = Utils.toPositive(Utils.murmur2((shopId + "/" + afterOrder).getBytes(StandardCharsets.UTF_8))) % partitions;
      for (Bad bad : records) {
        RecordMetadata sent = producer.send(new ProducerRecord<>(Topics.ORDERS, partition, bad.key(), bad.value())).get();
        offsets.add(sent.offset());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not write the raw records", e);
    }

    ShopClient.post(target, apiKey, ShopClient.orderCreated("evt-" + afterOrder, afterOrder, "buyer-" + token, "+8613700000000", 10_000, "after", null, null));
    long posted = System.nanoTime();
    Duration planned = ShopClient.awaitPlanned(target, apiKey, afterOrder, BOUND) ? Duration.ofNanos(System.nanoTime() - posted) : null;

    Map<Long, String> deadLettered = deadLettered(deadLetterStart, partition, offsets.get(0), planned == null ? BOUND : Duration.ofSeconds(10));
    List<RawInputResult.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Bad bad = records.get(i);
      long offset = offsets.get(i);
      RawInputResult.Fate fate;
      String reason;
      if (deadLettered.containsKey(offset)) {
        fate = RawInputResult.Fate.DEAD_LETTERED;
        reason = deadLettered.get(offset);
      } else if (shopId.equals(bad.shop()) && applied(apiKey, bad.orderId())) {
        fate = RawInputResult.Fate.APPLIED;
        reason = "planned: GET /api/v1/orders/" + bad.orderId() + "/touches answers its touches";
      } else if (bad.orderId() != null && inLogs(bad.orderId()) != null) {
        fate = RawInputResult.Fate.APPLIED;
        reason = "not visible through the API, but the logs show it: " + inLogs(bad.orderId());
      } else {
        fate = RawInputResult.Fate.NOT_SEEN;
        reason = null;
      }
      outcomes.add(new RawInputResult.Outcome(bad.kind(), offset, fate, reason, bad.expected(), bad.why()));
    }
    long afterOffset = offsetOf(partition, offsets.get(offsets.size() - 1), shopId + "/" + afterOrder);
    return new RawInputResult(shopId, partition, afterOffset, outcomes, BOUND, planned);
  }

  private List<Bad> records(String shopId, String token) {
    List<Bad> bad = new ArrayList<>();
    String k = shopId + "/ord-" + token + "-";
    bad.add(new Bad("not JSON", null, null, k + "x", new byte[] {'n', 'o', 't', ' ', 'j', 's', 'o', 'n', 0, (byte) 0xff, (byte) 0xfe}, DEAD, "undecodable"));
    bad.add(new Bad("empty value (0 bytes)", null, null, k + "x", new byte[0], DEAD, "undecodable"));
    bad.add(new Bad("null value (tombstone)", null, null, k + "x", null, DEAD, "not an event"));
    bad.add(new Bad("wrong shape: JSON array", null, null, k + "x", bytes("[1,2,3]"), DEAD, "not an event"));
    bad.add(new Bad("wrong shape: unknown type", null, null, k + "x", bytes("{\"type\":\"OrderShipped\",\"orderId\":\"x\"}"), DEAD, "not an event"));
    bad.add(new Bad("wrong shape: OrderCreated without its fields", null, null, k + "x", bytes("{\"type\":\"OrderCreated\",\"orderId\":\"x\"}"), DEAD,
        "breaks the contract"));
    bad.add(event(shopId, token, "schemaVersion 99", e -> e.put("schemaVersion", 99), DEAD, "a version this consumer does not know"));
    bad.add(event(shopId, token, "occurredAt in the year 10000", e -> e.put("occurredAt", "+10000-01-01T00:00:00Z"), DEAD, "out of the storable range"));
    bad.add(event(shopId, token, "buyerPhone in national form", e -> e.put("buyerPhone", "13700000002"), DEAD,
        "not E.164; the reason must not quote the number"));
    bad.add(event(shopId, token, "a phone number as the amount", e -> e.put("amount", Map.of("minor", "+8613700000003", "currency", "CNY")), DEAD,
        "the wrong type; the reason must not quote the value"));
    bad.add(event(shopId, token, "negative amount", e -> e.put("amount", Map.of("minor", -100, "currency", "CNY")), DEAD, "breaks the contract"));
    bad.add(event(shopId, token, "amount Long.MAX_VALUE", e -> e.put("amount", Map.of("minor", Long.MAX_VALUE, "currency", "CNY")),
        EnumSet.of(RawInputResult.Fate.DEAD_LETTERED, RawInputResult.Fate.APPLIED), "a long; either refused as absurd or stored"));
    bad.add(event(shopId, token, "amount beyond a long (1e30)", e -> e.put("amount", Map.of("minor", new java.math.BigInteger("1" + "0".repeat(30)), "currency", "CNY")),
        DEAD, "does not fit the field"));
    bad.add(event(shopId, token, "NUL in itemSummary", e -> e.put("itemSummary", "tea\u0000set"), DEAD, "order-ingest refuses control characters; PostgreSQL cannot store NUL"));
    bad.add(event(shopId, token, "10,000-deep nesting in an unknown field", e -> e.put("nested", new Raw("[".repeat(10_000) + "]".repeat(10_000))), DEAD,
        "undecodable (nesting limit) or an unknown field"));
    bad.add(event(shopId, token, "900 kB itemSummary", e -> e.put("itemSummary", "长".repeat(300_000)), DEAD, "over the 500-character limit"));
    bad.add(event(shopId, token, "key naming another shop", e -> {}, DEAD, "the key must be the event's shopId/orderId").withKey("abuse-other-shop/ord-" + token));
    Bad ghost = event("abuse-no-such-shop-" + token, token, "a shop that does not exist", e -> {},
        EnumSet.allOf(RawInputResult.Fate.class),
        "kept by design: a shop's record may arrive after its orders, so the touches wait for it (retried, 'shop … not known yet')"
            + " until the payment deadline; nothing is sent meanwhile");
    bad.add(ghost);
    bad.add(event(shopId, token, "valid event without a key", e -> {}, EnumSet.of(RawInputResult.Fate.APPLIED, RawInputResult.Fate.DEAD_LETTERED),
        "the consumer checks the key only when there is one").withKey(null));
    return bad;
  }

  /** JSON written as is. */
  private record Raw(String json) {}

  private interface Edit {
    void apply(Map<String, Object> event);
  }

  /** A valid OrderCreated of {@code shopId} as order-ingest would publish it, then edited. */
  private static Bad event(String shopId, String token, String kind, Edit edit, Set<RawInputResult.Fate> expected, String why) {
    String orderId = "ord-" + token + "-" + kind.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT);
    Map<String, Object> event = new java.util.LinkedHashMap<>();
    event.put("type", "OrderCreated");
    event.put("eventId", "evt-" + orderId);
    event.put("schemaVersion", 1);
    event.put("shopId", shopId);
    event.put("orderId", orderId);
    event.put("occurredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("buyerId", "buyer-" + token);
    event.put("buyerPhone", "+8613700000001");
    event.put("amount", Map.of("minor", 10_000, "currency", "CNY"));
    event.put("itemSummary", "raw");
    event.put("talkedToService", false);
    edit.apply(event);
    return new Bad(kind, shopId, orderId, shopId + "/" + orderId, bytes(json(event)), expected, why);
  }

  private static String json(Object value) {
    if (value instanceof Raw raw) {
      return raw.json();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
      return out.append('}').toString();
    }
    if (value instanceof String s) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.append('"').toString();
    }
    return String.valueOf(value);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private boolean applied(String apiKey, String orderId) {
    Http.Answer answer = Http.get(target.reminderUrl() + "/api/v1/orders/" + orderId + "/touches", Http.apiKey(apiKey));
    return answer.status() == 200;
  }

  /**
   * The records of the orders topic's {@code partition} from {@code firstOffset} on that were
   * dead-lettered since {@code start}, by original offset, with the handler's reason.
   */
  private Map<Long, String> deadLettered(Map<TopicPartition, Long> start, int partition, long firstOffset, Duration wait) {
    Map<Long, String> found = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      consumer.assign(start.keySet());
      start.forEach(consumer::seek);
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          String topic = header(record, "kafka_dlt-original-topic");
          byte[] p = raw(record, "kafka_dlt-original-partition");
          byte[] o = raw(record, "kafka_dlt-original-offset");
          if (Topics.ORDERS.equals(topic) && p != null && o != null && ByteBuffer.wrap(p).getInt() == partition) {
            long offset = ByteBuffer.wrap(o).getLong();
            if (offset >= firstOffset) {
              found.put(offset, reason(header(record, "kafka_dlt-exception-message")));
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * The after-order's offset on {@code partition} (after {@code from}), proving that it queued behind
   * the bad records; -1 when it is not there (then its plan says nothing about them).
   */
  private long offsetOf(int partition, long from, String key) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafkaBootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(Topics.ORDERS, partition);
      consumer.assign(List.of(tp));
      consumer.seek(tp, from + 1);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            return record.offset();
          }
        }
      }
    }
    return -1;
  }

  /** The first log line naming {@code orderId}, as {@code file:line text}; null without logs or mention. */
  private String inLogs(String orderId) {
    java.nio.file.Path dir = target.logDir();
    if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
      return null;
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir, 3)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = java.nio.file.Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains(orderId)) {
            String line = lines.get(i);
            return dir.relativize(file) + ":" + (i + 1) + " '" + line.substring(Math.max(0, line.indexOf(orderId) - 60)) + "'";
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return null;
  }

  /** The handler's own reason, without spring-kafka's "Listener method … threw exception; " and " @-0". */
  static String reason(String message) {
    if (message == null) {
      return null;
    }
    String reason = message;
    int threw = reason.indexOf("threw exception; ");
    if (threw >= 0) {
      reason = reason.substring(threw + "threw exception; ".length());
    }
    return reason.replaceFirst(" @-?\\d+$", "");
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    byte[] value = raw(record, name);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private static byte[] raw(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : header.value();
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafkaBootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafkaBootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
