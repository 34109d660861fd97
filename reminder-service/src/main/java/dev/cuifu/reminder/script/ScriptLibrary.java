package dev.cuifu.reminder.script;

import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.touch.TouchScripts;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A shop's scripts: checked when saved, versioned when edited, and rendered for dispatch (the
 * shop's active script for the channel in its language, else Cuifu's default wording).
 */
@Service
public class ScriptLibrary {

  private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000);

  private final ScriptRepository repository;
  private final ScriptProperties properties;
  private final Clock clock;
  private final TouchScripts touchScripts;

  ScriptLibrary(ScriptRepository repository, ScriptProperties properties, Clock clock, TouchScripts touchScripts) {
    this.repository = repository;
    this.touchScripts = touchScripts;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The text of one message about {@code orders} (one order, or several unpaid orders of one buyer
   * merged into one SMS), in the shop's language, from its active script or the default.
   */
  public String render(String shopId, ScriptChannel channel, String shopName, ZoneId readerZone, List<OrderFacts> orders) {
    return render(shopId, channel, shopName, readerZone, orders, null).text();
  }

  /**
   * As {@link #render(String, ScriptChannel, String, ZoneId, List)}, but from {@code plannedScriptId}
   * when an experiment's arm chose the script (its current version, in its own language, even if the
   * script was retired since: the arm decides), and saying which script and version it was.
   */
  public RenderedText render(
      String shopId, ScriptChannel channel, String shopName, ZoneId readerZone, List<OrderFacts> orders, Long plannedScriptId) {
    return render(shopId, channel, shopName, readerZone, orders, plannedScriptId, this::settings, repository::find, repository::active);
  }

  /**
   * Renders many messages, reading each shop's settings and each script once: one per claimed
   * batch of due touches, so that a batch of a shop's messages costs two reads instead of two per
   * message. Safe for the batch's worker threads; not meant to outlive the batch (edits made
   * meanwhile are seen by the next batch).
   */
  public Renderer renderer() {
    return new Renderer();
  }

  /** {@link #render} with lookups remembered; see {@link #renderer()}. */
  public final class Renderer {

    private record ScriptKey(long id, String shopId) {}

    private record ActiveKey(String shopId, ScriptChannel channel, ScriptLocale locale) {}

    private final Map<String, ScriptSettings> settings = new ConcurrentHashMap<>();
    private final Map<ScriptKey, Optional<ScriptRepository.Stored>> scripts = new ConcurrentHashMap<>();
    private final Map<ActiveKey, Optional<ScriptRepository.Stored>> active = new ConcurrentHashMap<>();

    private Renderer() {}

    /** As {@link ScriptLibrary#render(String, ScriptChannel, String, ZoneId, List, Long)}. */
    public RenderedText render(
        String shopId, ScriptChannel channel, String shopName, ZoneId readerZone, List<OrderFacts> orders, Long plannedScriptId) {
      return ScriptLibrary.this.render(
          shopId, channel, shopName, readerZone, orders, plannedScriptId,
          shop -> settings.computeIfAbsent(shop, ScriptLibrary.this::settings),
          (id, shop) -> scripts.computeIfAbsent(new ScriptKey(id, shop), k -> repository.find(k.id(), k.shopId())),
          (shop, ch, locale) -> active.computeIfAbsent(new ActiveKey(shop, ch, locale), k -> repository.active(k.shopId(), k.channel(), k.locale())));
    }
  }

  private interface ScriptById {
    Optional<ScriptRepository.Stored> find(long id, String shopId);
  }

  private interface ActiveScript {
    Optional<ScriptRepository.Stored> find(String shopId, ScriptChannel channel, ScriptLocale locale);
  }

  private RenderedText render(
      String shopId, ScriptChannel channel, String shopName, ZoneId readerZone, List<OrderFacts> orders, Long plannedScriptId,
      Function<String, ScriptSettings> settingsOf, ScriptById byId, ActiveScript activeOf) {
    ScriptSettings settings = settingsOf.apply(shopId);
    Optional<ScriptRepository.Stored> script =
        plannedScriptId != null
            ? byId.find(plannedScriptId, shopId).filter(s -> s.channel() == channel)
            : Optional.empty();
    if (script.isEmpty()) {
      script = activeOf.find(shopId, channel, settings.locale());
    }
    ScriptLocale locale = script.map(ScriptRepository.Stored::locale).orElse(settings.locale());
    String text = script.map(ScriptRepository.Stored::text).orElseGet(() -> DefaultScripts.text(channel, locale));
    return new RenderedText(
        render(text, locale, shopName, readerZone, orders, settings.paymentLink(), properties.itemLength()),
        script.map(ScriptRepository.Stored::id).orElse(null), script.map(ScriptRepository.Stored::version).orElse(null));
  }

  /**
   * Cuifu's default wording of {@code channel} in {@code locale}, rendered for {@code orders} (at
   * least one) as a shop without a script of its own sends it: a backtest's messages.
   */
  public static String renderDefault(
      ScriptChannel channel, ScriptLocale locale, String shopName, ZoneId readerZone, List<OrderFacts> orders, int itemLength) {
    return render(DefaultScripts.text(channel, locale), locale, shopName, readerZone, orders, null, itemLength);
  }

  private static String render(
      String text, ScriptLocale locale, String shopName, ZoneId readerZone, List<OrderFacts> orders, String paymentLink,
      int itemLength) {
    ScriptTemplate template = ScriptTemplate.parse(text, "text", new ArrayList<>());
    Map<Placeholder, String> values = ScriptValues.of(locale, shopName, readerZone, orders, paymentLink, itemLength);
    return template.render(values);
  }

  /** Records on the touches which script and version their text was rendered from. */
  public void recordUse(List<Long> touchIds, RenderedText rendered) {
    touchScripts.recordScript(touchIds, rendered.scriptId(), rendered.version());
  }

  /** The shop's per-segment SMS price, if it set one. */
  public Optional<SegmentPrice> smsSegmentPrice(String shopId) {
    return Optional.ofNullable(settings(shopId).smsSegmentPrice());
  }

  /** The script if it is the shop's, active and of the channel (null: any); for experiments' arms. */
  public Optional<Long> scriptOf(String shopId, long scriptId, ScriptChannel channel) {
    return repository.find(scriptId, shopId)
        .filter(s -> (channel == null || s.channel() == channel) && !s.retired())
        .map(ScriptRepository.Stored::id);
  }

  /** The current text of one of the shop's scripts, or empty when the shop has no such script. */
  public Optional<String> textOf(String shopId, long scriptId) {
    return repository.find(scriptId, shopId).map(ScriptRepository.Stored::text);
  }

  ScriptSettings settings(String shopId) {
    return repository
        .settings(shopId)
        .orElseGet(() -> new ScriptSettings(properties.defaultLocale(), properties.smsMaxSegments(), null));
  }

  @Transactional
  ScriptRepository.Stored create(String shopId, String name, String channel, String locale, String text) {
    List<FieldProblem> problems = new ArrayList<>();
    checkName(name, problems);
    ScriptChannel parsedChannel = ScriptChannel.fromWire(channel).orElse(null);
    if (parsedChannel == null) {
      problems.add(new FieldProblem("channel", "must be one of sms, chat, phone-talking-points"));
    }
    ScriptLocale parsedLocale = ScriptLocale.fromTag(locale).orElse(null);
    if (parsedLocale == null) {
      problems.add(new FieldProblem("locale", "must be one of zh-CN, en"));
    }
    if (parsedChannel != null && parsedLocale != null) {
      check(shopId, parsedChannel, parsedLocale, text, problems);
    }
    throwIfAny(problems);
    long id = repository.create(shopId, name.strip(), parsedChannel, parsedLocale, text, clock.instant());
    return repository.find(id, shopId).orElseThrow();
  }

  /** A new version of the script's text (and name, when given); earlier versions are kept. */
  @Transactional
  ScriptRepository.Stored edit(String shopId, long id, String name, String text) {
    ScriptRepository.Stored current = find(shopId, id);
    if (current.retired()) {
      throw new ScriptRetiredException("script " + id + " is retired; create a new one");
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (name != null) {
      checkName(name, problems);
    }
    check(shopId, current.channel(), current.locale(), text, problems);
    throwIfAny(problems);
    repository.addVersion(id, shopId, name == null ? null : name.strip(), text, clock.instant());
    return find(shopId, id);
  }

  ScriptRepository.Stored retire(String shopId, long id) {
    if (!repository.retire(id, shopId, clock.instant())) {
      throw notFound(id);
    }
    return find(shopId, id);
  }

  ScriptRepository.Stored find(String shopId, long id) {
    return repository.find(id, shopId).orElseThrow(() -> notFound(id));
  }

  List<ScriptRepository.Stored> list(String shopId, boolean withRetired) {
    return repository.list(shopId, withRetired);
  }

  List<ScriptRepository.Version> versions(long id) {
    return repository.versions(id);
  }

  /** Whether dispatch uses this script now (the newest active one of its channel in the shop's language). */
  boolean inUse(ScriptRepository.Stored script) {
    return repository
        .active(script.shopId(), script.channel(), settings(script.shopId()).locale())
        .map(active -> active.id() == script.id())
        .orElse(false);
  }

  /** The SMS length of {@code text} rendered with the longest values, or null for other channels. */
  SmsSegments worstCase(String shopId, ScriptChannel channel, ScriptLocale locale, String text) {
    if (channel != ScriptChannel.SMS) {
      return null;
    }
    ScriptTemplate template = ScriptTemplate.parse(text, "text", new ArrayList<>());
    return template == null ? null : ScriptRules.worstCase(template, locale, shopName(shopId), settings(shopId), properties);
  }

  ScriptSettings updateSettings(String shopId, String locale, Integer smsMaxSegments, String paymentLink, SegmentPrice price) {
    List<FieldProblem> problems = new ArrayList<>();
    ScriptLocale parsedLocale = ScriptLocale.fromTag(locale).orElse(null);
    if (parsedLocale == null) {
      problems.add(new FieldProblem("locale", "must be one of zh-CN, en"));
    }
    if (smsMaxSegments == null || smsMaxSegments < 1 || smsMaxSegments > ScriptProperties.MAX_SEGMENTS) {
      problems.add(new FieldProblem("smsMaxSegments", "must be between 1 and " + ScriptProperties.MAX_SEGMENTS));
    }
    if (paymentLink != null
        && (!paymentLink.matches("https?://\\S+") || !paymentLink.contains("{orderId}") || paymentLink.length() > 500)) {
      problems.add(new FieldProblem("paymentLink", "must be an http(s) URL of at most 500 characters containing {orderId}"));
    }
    if (price != null) {
      if (price.minor() == null || price.minor().signum() < 0 || price.minor().compareTo(MAX_PRICE) >= 0 || price.minor().scale() > 4) {
        problems.add(new FieldProblem("smsSegmentPrice.minor", "must be a number of minor units from 0 to 1000000 with at most 4 decimals"));
      }
      if (price.currency() == null || !price.currency().matches("[A-Z]{3}")) {
        problems.add(new FieldProblem("smsSegmentPrice.currency", "must be an ISO 4217 code such as CNY"));
      }
    }
    throwIfAny(problems);
    ScriptSettings settings = new ScriptSettings(parsedLocale, smsMaxSegments, paymentLink, price);
    repository.saveSettings(shopId, settings, clock.instant());
    return settings;
  }

  String shopName(String shopId) {
    String name = repository.shopName(shopId);
    return name == null ? shopId : name;
  }

  private void check(String shopId, ScriptChannel channel, ScriptLocale locale, String text, List<FieldProblem> problems) {
    ScriptRules.check(channel, locale, text, settings(shopId), shopName(shopId), properties, problems);
  }

  private static void checkName(String name, List<FieldProblem> problems) {
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("name", "must not be empty"));
    } else if (name.strip().length() > 100) {
      problems.add(new FieldProblem("name", "must be at most 100 characters"));
    }
  }

  private static void throwIfAny(List<FieldProblem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    String detail =
        problems.size() == 1
            ? "The script is invalid: " + problems.get(0).field() + " " + problems.get(0).message() + "."
            : "The script is invalid: " + problems.size() + " problems.";
    throw new InvalidRequestException(detail, problems);
  }

  private static ScriptNotFoundException notFound(long id) {
    return new ScriptNotFoundException("no script " + id + " in this shop");
  }
}
