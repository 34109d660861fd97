package dev.cuifu.reminder.policy;

import dev.cuifu.reminder.channel.sms.SenderOwnership;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.outbound.OutboundGuard;
import dev.cuifu.reminder.shop.Shop;
import dev.cuifu.reminder.shop.ShopDirectory;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The reminder policy of every shop (table {@code shop_policy}): what the planner and the
 * dispatcher follow. A shop that never stored one follows {@link PolicyDefaults}, seeded with the
 * SMS delay, sender and time zone of its shop replica. A change applies to orders planned after
 * it; touches already planned keep their schedule.
 */
@Service
public class ShopPolicies {

  private static final Logger log = LoggerFactory.getLogger(ShopPolicies.class);

  private final JdbcClient jdbc;
  private final ShopDirectory shops;
  private final PolicyDefaults defaults;
  private final PolicyValidator validator;
  private final SenderOwnership senders;
  private final Clock clock;
  private final Counter updates;

  ShopPolicies(
      JdbcClient jdbc,
      ShopDirectory shops,
      PolicyDefaults defaults,
      SenderOwnership senders,
      OutboundGuard outbound,
      Clock clock,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.senders = senders;
    this.shops = shops;
    this.defaults = defaults;
    this.validator = new PolicyValidator(defaults, outbound);
    this.clock = clock;
    this.updates = Counter.builder("cuifu.policy.updates").description("Shop policies stored").register(meters);
  }

  /** The policy the shop's orders follow: its stored one, else the defaults for it. */
  public ShopPolicy forShop(String shopId) {
    return find(shopId).policy();
  }

  /** {@link #forShop} for many shops with one query for the stored ones (e.g. a consumer batch). */
  public Map<String, ShopPolicy> forShops(Collection<String> shopIds) {
    List<String> ids = shopIds.stream().distinct().toList();
    Map<String, String> stored = new LinkedHashMap<>();
    jdbc.sql("select shop_id, policy::text as policy from shop_policy where shop_id = any (?)")
        .param(ids.toArray(String[]::new))
        .query(rs -> {
          stored.put(rs.getString("shop_id"), rs.getString("policy"));
        });
    Map<String, ShopPolicy> policies = new LinkedHashMap<>();
    for (String id : ids) {
      ShopPolicy base = defaultsFor(id);
      String json = stored.get(id);
      policies.put(id, json == null ? base : PolicyJson.readStored(json, base));
    }
    return policies;
  }

  /** The shop's policy with its version; the defaults (version 0) when it has stored none. */
  public StoredPolicy find(String shopId) {
    ShopPolicy base = defaultsFor(shopId);
    return jdbc.sql("select policy::text as policy, version, updated_at from shop_policy where shop_id = ?")
        .param(shopId)
        .query(
            (rs, n) ->
                new StoredPolicy(
                    shopId,
                    rs.getInt("version"),
                    Timestamps.fromDb(rs, "updated_at"),
                    PolicyJson.readStored(rs.getString("policy"), base),
                    false))
        .optional()
        .orElseGet(() -> new StoredPolicy(shopId, 0, null, base, true));
  }

  /** The defaults for this shop: seeded from its replica, or pure defaults for an unknown shop. */
  public ShopPolicy defaultsFor(String shopId) {
    Optional<Shop> shop = shops.find(shopId);
    return shop.map(s -> defaults.policy(s.smsFrom(), s.timeZone(), s.smsDelay())).orElseGet(defaults::policy);
  }

  /** Every broken rule of this policy, by field path; empty when it may be stored. */
  public List<FieldProblem> problems(ShopPolicy policy) {
    return validator.problems(policy).stream().sorted(Comparator.comparing(FieldProblem::field)).toList();
  }

  /**
   * A whole policy from a request body (the JSON {@code PUT /api/v1/policy} takes), valid against
   * the same rules; otherwise a 400 naming every bad field once, for the first reason found, each
   * under {@code prefix} (e.g. {@code "against."}; empty for none).
   */
  public ShopPolicy read(byte[] body, String prefix) {
    List<FieldProblem> problems = new ArrayList<>();
    ShopPolicy policy = PolicyJson.read(PolicyJson.readTree(body), problems);
    if (policy != null) {
      // a field that could not be read is named once, for the reason it could not be read
      Map<String, FieldProblem> byField = new LinkedHashMap<>();
      problems.forEach(p -> byField.putIfAbsent(p.field(), p));
      problems(policy).forEach(p -> byField.putIfAbsent(p.field(), p));
      problems = new ArrayList<>(byField.values());
    }
    if (!problems.isEmpty()) {
      throw invalid(
          problems.stream()
              .map(p -> new FieldProblem(prefix + p.field(), p.message()))
              .sorted(Comparator.comparing(FieldProblem::field))
              .toList());
    }
    return policy;
  }

  /**
   * Validates and stores the shop's whole policy, one version more than the last; a 400 {@link
   * InvalidRequestException} naming every bad field otherwise, including a sender the shop may not
   * use ({@link SenderOwnership}). Not one transaction: the single upsert is atomic, and no
   * connection is held while Twilio is asked about a sender.
   */
  public StoredPolicy update(String shopId, ShopPolicy policy) {
    List<FieldProblem> problems = problems(policy);
    if (problems.isEmpty()) {
      Map<String, String> sendersByField = new LinkedHashMap<>();
      sendersByField.put("chat.whatsappFrom", policy.chat().whatsappFrom());
      sendersByField.put("sms.from", policy.sms().from());
      problems = senders.problems(shopId, sendersByField);
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    Instant now = clock.instant();
    int version =
        jdbc.sql(
                """
                insert into shop_policy (shop_id, policy, version, updated_at)
                values (:shopId, cast(:policy as jsonb), 1, :now)
                on conflict (shop_id) do update set
                    policy = excluded.policy, version = shop_policy.version + 1, updated_at = excluded.updated_at
                returning version
                """)
            .param("shopId", shopId)
            .param("policy", PolicyJson.write(policy))
            .param("now", Timestamps.toDb(now))
            .query(Integer.class)
            .single();
    updates.increment();
    log.info("shop {}: policy version {} stored", shopId, version);
    return new StoredPolicy(shopId, version, now, policy, false);
  }

  static InvalidRequestException invalid(List<FieldProblem> problems) {
    String detail =
        problems.size() == 1
            ? "The policy is invalid: " + problems.get(0).field() + " " + problems.get(0).message() + "."
            : "The policy is invalid: " + problems.size() + " fields are wrong.";
    return new InvalidRequestException(detail, problems);
  }
}
