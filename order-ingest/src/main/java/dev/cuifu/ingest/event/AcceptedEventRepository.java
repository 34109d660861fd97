package dev.cuifu.ingest.event;

import dev.cuifu.common.event.OrderEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code accepted_event} ledger: which event ids of a shop were published already. */
@Repository
public class AcceptedEventRepository {

  private static final String INSERT_NEW =
      """
      INSERT INTO accepted_event (shop_id, event_id, event_type, accepted_at)
      SELECT ?, e.event_id, e.event_type, ?
      FROM unnest(?::text[], ?::text[]) AS e(event_id, event_type)
      ON CONFLICT (shop_id, event_id) DO NOTHING
      RETURNING event_id
      """;

  private final JdbcTemplate jdbc;

  public AcceptedEventRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the events (distinct event ids) in one statement and returns the ids that were new; a
   * concurrent request with the same id waits for this transaction and then sees it as known.
   */
  public Set<String> insertNew(String shopId, List<? extends OrderEvent> events, Instant acceptedAt) {
    String[] ids = events.stream().map(OrderEvent::eventId).toArray(String[]::new);
    String[] types = events.stream().map(e -> e.getClass().getSimpleName()).toArray(String[]::new);
    List<String> inserted =
        jdbc.query(
            (Connection connection) -> {
              PreparedStatement statement = connection.prepareStatement(INSERT_NEW);
              statement.setString(1, shopId);
              statement.setObject(2, acceptedAt.atOffset(ZoneOffset.UTC));
              statement.setArray(3, connection.createArrayOf("text", ids));
              statement.setArray(4, connection.createArrayOf("text", types));
              return statement;
            },
            (rs, row) -> rs.getString(1));
    return new HashSet<>(inserted);
  }
}
