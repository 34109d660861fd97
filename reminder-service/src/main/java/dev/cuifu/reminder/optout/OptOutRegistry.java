package dev.cuifu.reminder.optout;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.plan.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which buyers a shop must not contact on which channel (table {@code opt_out}). An opt-out is
 * final ("do not annoy") until the buyer opts back in, which deletes it.
 *
 * <p>Every phone is taken in international form ({@code +86 138 0013 8000} is fine) and stored as
 * E.164. Each change is logged once, with the number masked, and counted in {@code
 * cuifu.optouts.added} / {@code cuifu.optouts.removed} (tag {@code channel}).
 */
@Service
public class OptOutRegistry {

  /** Added through the shop's REST API. */
  public static final String SOURCE_API = "API";

  /** The buyer answered STOP (or the like) to a message. */
  public static final String SOURCE_STOP = "STOP";

  /** The largest page {@link #list} and {@link #page} return. */
  public static final int MAX_LIMIT = 1000;

  private static final Logger log = LoggerFactory.getLogger(OptOutRegistry.class);

  private static final String COLUMNS = "shop_id, channel, phone, source, reason, created_at";

  private final JdbcClient jdbc;
  private final Clock clock;
  private final MeterRegistry meters;

  OptOutRegistry(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.meters = meters;
    for (Channel channel : Channel.values()) {
      meters.counter("cuifu.optouts.added", "channel", channel.name());
      meters.counter("cuifu.optouts.removed", "channel", channel.name());
    }
  }

  /**
   * Whether the shop must not contact this phone on this channel. A number that is not a valid
   * international number cannot be on the list, so the answer for it is false.
   */
  public boolean isOptedOut(String shopId, Channel channel, String phoneE164) {
    requireShopAndChannel(shopId, channel);
    if (!PhoneNumbers.isValid(phoneE164)) {
      return false;
    }
    return jdbc.sql("select exists (select 1 from opt_out where shop_id = ? and channel = ? and phone = ?)")
        .params(shopId, channel.name(), PhoneNumbers.normalise(phoneE164))
        .query(Boolean.class)
        .single();
  }

  /**
   * Of these phones, the ones the shop must not contact on this channel (normalised as {@link
   * #isOptedOut} does), as given, in one query: the dispatcher asks once per claimed batch and looks
   * its buyers' numbers up in the answer as its touches have them, without parsing them again.
   */
  public Set<String> optedOut(String shopId, Channel channel, Collection<String> phonesE164) {
    requireShopAndChannel(shopId, channel);
    Map<String, List<String>> given = new HashMap<>();
    for (String phone : new LinkedHashSet<>(phonesE164)) {
      if (PhoneNumbers.isValid(phone)) {
        given.computeIfAbsent(PhoneNumbers.normalise(phone), e164 -> new ArrayList<>()).add(phone);
      }
    }
    if (given.isEmpty()) {
      return Set.of();
    }
    Set<String> optedOut = new HashSet<>();
    jdbc.sql("select phone from opt_out where shop_id = ? and channel = ? and phone = any (?)")
        .params(shopId, channel.name(), given.keySet().toArray(String[]::new))
        .query(String.class)
        .list()
        .forEach(e164 -> optedOut.addAll(given.get(e164)));
    return optedOut;
  }

  /**
   * Opts the phone out of the channel for the shop. Idempotent: an existing opt-out is kept as it
   * is (its source, reason and time).
   *
   * @param source how it arrived, e.g. {@link #SOURCE_API}, {@link #SOURCE_STOP}; not blank
   * @param reason free text, may be null
   * @return true if newly added, false if the phone was already opted out
   * @throws IllegalArgumentException if the phone is not a valid international number
   */
  public boolean optOut(String shopId, Channel channel, String phone, String source, String reason) {
    return add(shopId, channel, phone, source, reason).created();
  }

  /**
   * Opts the phone back in: removes its opt-out of the channel for the shop.
   *
   * @return true if it was opted out, false if there was nothing to remove
   * @throws IllegalArgumentException if the phone is not a valid international number
   */
  public boolean optIn(String shopId, Channel channel, String phone) {
    requireShopAndChannel(shopId, channel);
    String e164 = PhoneNumbers.normalise(phone);
    int removed =
        jdbc.sql("delete from opt_out where shop_id = ? and channel = ? and phone = ?")
            .params(shopId, channel.name(), e164)
            .update();
    if (removed == 0) {
      return false;
    }
    meters.counter("cuifu.optouts.removed", "channel", channel.name()).increment();
    log.info("opt-out removed (opted back in): shop={} channel={} phone={}", shopId, channel, PhoneNumbers.mask(e164));
    return true;
  }

  /** The opt-out of this phone from this channel for the shop, if there is one. */
  public Optional<OptOut> find(String shopId, Channel channel, String phone) {
    requireShopAndChannel(shopId, channel);
    if (!PhoneNumbers.isValid(phone)) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from opt_out where shop_id = ? and channel = ? and phone = ?")
        .params(shopId, channel.name(), PhoneNumbers.normalise(phone))
        .query(OptOutRegistry::row)
        .optional();
  }

  /**
   * The items of {@link #page}: at most {@code limit} opt-outs of the shop ordered by phone, then
   * channel name, starting after {@code afterPhone}.
   */
  public List<OptOut> list(String shopId, Channel channel, int limit, String afterPhone) {
    return page(shopId, channel, limit, afterPhone).items();
  }

  /**
   * One page of the shop's opt-outs, ordered by phone, then channel name (keyset paging on the
   * phone).
   * One phone's rows are never split across pages, so when {@code channel} is null a page may
   * hold fewer than {@code limit} items while more follow; should a single phone have more rows
   * than {@code limit} (at most one per channel), its page holds all of them.
   *
   * @param channel only this channel; null for all
   * @param limit 1 to {@link #MAX_LIMIT}
   * @param afterPhone start after this phone (the previous page's {@code next}); null to start
   * @throws IllegalArgumentException on a limit out of range or an invalid {@code afterPhone}
   */
  public OptOutPage page(String shopId, Channel channel, int limit, String afterPhone) {
    Objects.requireNonNull(shopId, "shopId");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
    }
    String after = afterPhone == null ? null : PhoneNumbers.normalise(afterPhone);
    List<OptOut> rows = select(shopId, channel, after, null, limit + 1);
    if (rows.size() <= limit) {
      return new OptOutPage(rows, null);
    }
    List<OptOut> items = new ArrayList<>(rows.subList(0, limit));
    String boundary = rows.get(limit).phone();
    if (!items.get(limit - 1).phone().equals(boundary)) {
      return new OptOutPage(items, items.get(limit - 1).phone());
    }
    // The page would end inside one phone's rows: leave that phone to the next page...
    items.removeIf(optOut -> optOut.phone().equals(boundary));
    if (!items.isEmpty()) {
      return new OptOutPage(items, items.get(items.size() - 1).phone());
    }
    // ...unless it is the only phone on the page: then the page holds all of its rows.
    List<OptOut> whole = select(shopId, channel, null, boundary, Channel.values().length);
    boolean more = !select(shopId, channel, boundary, null, 1).isEmpty();
    return new OptOutPage(whole, more ? boundary : null);
  }

  /** Adds unless present; the row as it now stands, and whether this call created it. */
  Added add(String shopId, Channel channel, String phone, String source, String reason) {
    requireShopAndChannel(shopId, channel);
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    String e164 = PhoneNumbers.normalise(phone);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
    // A concurrent opt-in may delete the row between the insert that found it and the select.
    for (int attempt = 0; ; attempt++) {
      Optional<OptOut> inserted =
          jdbc.sql(
                  "insert into opt_out (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?)"
                      + " on conflict (shop_id, channel, phone) do nothing returning " + COLUMNS)
              .params(shopId, channel.name(), e164, source.strip(), reason, Timestamps.toDb(now))
              .query(OptOutRegistry::row)
              .optional();
      if (inserted.isPresent()) {
        meters.counter("cuifu.optouts.added", "channel", channel.name()).increment();
        log.info(
            "opt-out added: shop={} channel={} phone={} source={}",
            shopId, channel, PhoneNumbers.mask(e164), source.strip());
        return new Added(true, inserted.get());
      }
      Optional<OptOut> existing = find(shopId, channel, e164);
      if (existing.isPresent()) {
        return new Added(false, existing.get());
      }
      if (attempt >= 2) {
        throw new IllegalStateException("opt-out keeps disappearing while being added");
      }
    }
  }

  record Added(boolean created, OptOut optOut) {}

  private List<OptOut> select(String shopId, Channel channel, String afterPhone, String phone, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from opt_out where shop_id = :shop");
    if (channel != null) {
      sql.append(" and channel = :channel");
    }
    if (afterPhone != null) {
      sql.append(" and phone > :after");
    }
    if (phone != null) {
      sql.append(" and phone = :phone");
    }
    sql.append(" order by phone, channel limit :limit");
    JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("shop", shopId).param("limit", limit);
    if (channel != null) {
      statement = statement.param("channel", channel.name());
    }
    if (afterPhone != null) {
      statement = statement.param("after", afterPhone);
    }
    if (phone != null) {
      statement = statement.param("phone", phone);
    }
    return statement.query(OptOutRegistry::row).list();
  }

  private static OptOut row(ResultSet rs, int n) throws SQLException {
    return new OptOut(
        rs.getString("shop_id"),
        Channel.valueOf(rs.getString("channel")),
        rs.getString("phone"),
        rs.getString("source"),
        rs.getString("reason"),
        Timestamps.fromDb(rs, "created_at"));
  }

  private static void requireShopAndChannel(String shopId, Channel channel) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(channel, "channel");
  }
}
