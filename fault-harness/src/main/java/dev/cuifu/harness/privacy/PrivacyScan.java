package dev.cuifu.harness.privacy;

import dev.cuifu.common.kafka.Topics;
import dev.cuifu.harness.Target;
import dev.cuifu.harness.tenancy.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for raw phone numbers where none should be: the services' logs, the dead-letter topics
 * (values and headers: the error handler adds the exception's message and stack trace), both apps'
 * Prometheus metrics, and texts others collected (error bodies).
 */
public final class PrivacyScan {

  private final Target target;
  private final PhonePatterns patterns;
  private final Map<String, Integer> scanned = new LinkedHashMap<>();
  private final List<PrivacyResult.Hit> hits = new ArrayList<>();

  private PrivacyScan(Target target, Set<String> knownPhones) {
    this.target = target;
    this.patterns = new PhonePatterns(knownPhones);
  }

  /**
   * @param knownPhones numbers the caller put into the system, in E.164
   * @param extraTexts e.g. the bodies of error answers collected by other checks
   */
  public static PrivacyResult scan(Target target, Set<String> knownPhones, Collection<String> extraTexts) {
    PrivacyScan scan = new PrivacyScan(target, knownPhones);
    scan.logs();
    List<String> topics = scan.deadLetters();
    scan.metrics("ingest", target.ingestUrl());
    scan.metrics("reminder", target.reminderUrl());
    int i = 0;
    for (String text : extraTexts) {
      scan.text(PrivacyResult.Where.EXTRA_TEXT, "extra text #" + i++, text);
    }
    scan.count("extra texts", extraTexts.size());
    return new PrivacyResult(scan.scanned, topics, List.copyOf(scan.hits));
  }

  private void logs() {
    Path dir = target.logDir();
    if (dir == null || !Files.isDirectory(dir)) {
      count("log files", 0);
      return;
    }
    List<Path> files;
    // the directory itself only: below it are the broker's segment files (also *.log), which hold
    // the events and so the numbers by design, and PostgreSQL's data
    try (Stream<Path> walk = Files.list(dir)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".log") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    count("log files", files.size());
    for (Path file : files) {
      // a malformed byte becomes U+FFFD instead of ending the scan
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
        int n = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          n++;
          text(PrivacyResult.Where.LOG, dir.relativize(file) + ":" + n, line);
        }
        count("log lines", n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every record of every dead-letter topic, from the beginning. */
  private List<String> deadLetters() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafkaBootstrap());
    Set<String> topics = new TreeSet<>();
    try (Admin admin = Admin.create(config)) {
      for (String topic : admin.listTopics().names().get()) {
        String lower = topic.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dlt") || lower.endsWith("-dlt") || lower.contains("dead-letter") || topic.equals(Topics.ORDERS_DEAD_LETTER)) {
          topics.add(topic);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the broker's topics at " + target.kafkaBootstrap(), e);
    }
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "cuifu-privacy-scan-" + System.nanoTime());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      int records = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records++;
          String at = record.topic() + "-" + record.partition() + "@" + record.offset();
          if (record.key() != null) {
            text(PrivacyResult.Where.DEAD_LETTER_HEADER, at + " key", new String(record.key(), StandardCharsets.UTF_8));
          }
          if (record.value() != null) {
            text(PrivacyResult.Where.DEAD_LETTER_VALUE, at + " value", new String(record.value(), StandardCharsets.UTF_8));
          }
          for (Header header : record.headers()) {
            if (header.value() != null) {
              text(PrivacyResult.Where.DEAD_LETTER_HEADER, at + " header " + header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
          }
        }
      }
      count("dead-letter records", records);
    }
    return List.copyOf(topics);
  }

  private void metrics(String app, String baseUrl) {
    Http.Answer answer = Http.get(baseUrl + "/actuator/prometheus", Http.bearer(target.operatorToken()));
    if (answer.status() != 200) {
      throw new IllegalStateException(app + " /actuator/prometheus answered " + answer.status());
    }
    String[] lines = answer.body().split("\n");
    for (String line : lines) {
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int nameEnd = brace < 0 ? (space < 0 ? line.length() : space) : Math.min(brace, space < 0 ? brace : space);
      text(PrivacyResult.Where.METRIC, app + " " + line.substring(0, nameEnd), line);
    }
    count(app + " metric lines", lines.length);
  }

  private void text(PrivacyResult.Where where, String location, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    List<PhonePatterns.Match> found = patterns.find(text);
    for (PhonePatterns.Match m : found) {
      hits.add(new PrivacyResult.Hit(where, location, m.masked(), m.how(), context(text, m, found), m.example()));
    }
  }

  /** Up to 80 characters either side, with every number in it masked. */
  private static String context(String text, PhonePatterns.Match match, List<PhonePatterns.Match> all) {
    int from = Math.max(0, match.start() - 80);
    int to = Math.min(text.length(), match.start() + match.raw().length() + 80);
    for (PhonePatterns.Match m : all) { // never cut a number in half: half of it would show unmasked
      int end = m.start() + m.raw().length();
      if (m.start() < from && end > from) {
        from = m.start();
      }
      if (m.start() < to && end > to) {
        to = end;
      }
    }
    StringBuilder out = new StringBuilder();
    int at = from;
    for (PhonePatterns.Match m : all) {
      if (m.start() < from || m.start() + m.raw().length() > to) {
        continue;
      }
      out.append(text, at, m.start()).append(m.masked());
      at = m.start() + m.raw().length();
    }
    out.append(text, at, to);
    return out.toString().replace('\n', ' ');
  }

  private void count(String what, int n) {
    scanned.merge(what, n, Integer::sum);
  }
}
