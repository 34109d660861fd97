package dev.cuifu.ingest.event;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code accepted_event} ledger: which event ids of a shop were published already, and the
 * digest of what each carried.
 */
@Repository
class AcceptedEventRepository {

  private static final String INSERT_NEW =
      """
      INSERT INTO accepted_event (shop_id, event_id, event_type, accepted_at, content_sha256)
      SELECT ?, e.event_id, e.event_type, ?, e.content_sha256
      FROM unnest(?::text[], ?::text[], ?::text[]) AS e(event_id, event_type, content_sha256)
      ON CONFLICT (shop_id, event_id) DO NOTHING
      RETURNING event_id
      """;

  // a second statement, so that under READ COMMITTED it sees a concurrent request's row that the
  // insert waited for
  private static final String DIFFERING =
      """
      SELECT a.event_id
      FROM accepted_event a
      JOIN unnest(?::text[], ?::text[]) AS e(event_id, content_sha256) ON e.event_id = a.event_id
      WHERE a.shop_id = ? AND a.content_sha256 IS DISTINCT FROM e.content_sha256 AND a.content_sha256 IS NOT NULL
      ORDER BY a.event_id
      """;

  private final JdbcTemplate jdbc;

  public AcceptedEventRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What the ledger says of these events (distinct event ids), in one insert and, when some were
   * known, one query: a concurrent request with the same id waits for this transaction and then
   * sees it as known.
   *
   * @param fresh the ids not seen before: to be published
   * @param reusedWithOtherContent known ids whose earlier event carried different content
   */
  public record Outcome(Set<String> fresh, List<String> reusedWithOtherContent) {}

  public Outcome insertNew(String shopId, List<PublishedEvent> events, Instant acceptedAt) {
    String[] ids = events.stream().map(e -> e.event().eventId()).toArray(String[]::new);
    String[] types = events.stream().map(e -> e.event().getClass().getSimpleName()).toArray(String[]::new);
    String[] digests = events.stream().map(e -> digest(e.json())).toArray(String[]::new);
    Set<String> fresh =
        new HashSet<>(
            jdbc.query(
                (Connection connection) -> {
                  PreparedStatement statement = connection.prepareStatement(INSERT_NEW);
                  statement.setString(1, shopId);
                  statement.setObject(2, acceptedAt.atOffset(ZoneOffset.UTC));
                  statement.setArray(3, connection.createArrayOf("text", ids));
                  statement.setArray(4, connection.createArrayOf("text", types));
                  statement.setArray(5, connection.createArrayOf("text", digests));
                  return statement;
                },
                (rs, row) -> rs.getString(1)));
    if (fresh.size() == ids.length) {
      return new Outcome(fresh, List.of());
    }
    List<String> known = new ArrayList<>();
    List<String> knownDigests = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (!fresh.contains(ids[i])) {
        known.add(ids[i]);
        knownDigests.add(digests[i]);
      }
    }
    List<String> differing =
        jdbc.query(
            (Connection connection) -> {
              PreparedStatement statement = connection.prepareStatement(DIFFERING);
              statement.setArray(1, connection.createArrayOf("text", known.toArray()));
              statement.setArray(2, connection.createArrayOf("text", knownDigests.toArray()));
              statement.setString(3, shopId);
              return statement;
            },
            (rs, row) -> rs.getString(1));
    return new Outcome(fresh, differing);
  }

  /**
   * The SHA-256 of the event as it is published (stamped, normalised, {@link PublishedEvent#json}):
   * the same order sent with {@code 08:00:00+08:00} or {@code 00:00:00.000Z} is the same content.
   */
  static String digest(byte[] published) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(published));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
