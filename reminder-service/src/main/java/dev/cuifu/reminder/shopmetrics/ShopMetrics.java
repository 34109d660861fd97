package dev.cuifu.reminder.shopmetrics;

import dev.cuifu.reminder.shop.Shop;
import dev.cuifu.reminder.shop.ShopDirectory;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** A shop's daily metrics over a range of days in its time zone (see {@link ShopMetricsRepository}). */
@Service
public class ShopMetrics {

  /** What the API answers. */
  public record Report(String shopId, String timeZone, LocalDate from, LocalDate to, List<DailyMetrics> days) {}

  private final ShopMetricsRepository repository;
  private final ShopDirectory shops;
  private final ShopMetricsProperties properties;
  private final Clock clock;

  ShopMetrics(ShopMetricsRepository repository, ShopDirectory shops, ShopMetricsProperties properties, Clock clock) {
    this.repository = repository;
    this.shops = shops;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The days {@code from} to {@code to}, both included, as ISO dates ({@code 2026-11-11}) in the
   * shop's zone. Both optional: {@code to} defaults to the shop's today, {@code from} to {@code
   * defaultDays - 1} days before {@code to}. Bad values → 400 naming each.
   */
  public Report daily(String shopId, String from, String to) {
    ZoneId zone = shops.find(shopId).map(Shop::timeZone).orElseThrow(() -> new IllegalStateException("unknown shop " + shopId));
    List<FieldProblem> problems = new ArrayList<>();
    LocalDate last = to == null || to.isBlank() ? LocalDate.ofInstant(clock.instant(), zone) : date("to", to, problems);
    LocalDate first = from == null || from.isBlank() ? (last == null ? null : last.minusDays(properties.defaultDays() - 1L)) : date("from", from, problems);
    if (first != null && last != null) {
      if (first.isAfter(last)) {
        problems.add(new FieldProblem("from", "must not be after to (" + last + ")"));
      } else if (ChronoUnit.DAYS.between(first, last) + 1 > properties.maxDays()) {
        problems.add(new FieldProblem("to", "must be at most " + properties.maxDays() + " days from from, both included"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems.size() == 1 ? "1 parameter is invalid." : problems.size() + " parameters are invalid.", problems);
    }
    return new Report(shopId, zone.getId(), first, last, days(shopId, zone, first, last));
  }

  /** Today, in each shop's own zone, for every shop (the gauges). */
  List<Today> today() {
    List<Today> all = new ArrayList<>();
    repository.shops().forEach(
        (shopId, zone) -> {
          LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
          all.add(new Today(shopId, days(shopId, zone, today, today).get(0)));
        });
    return all;
  }

  record Today(String shopId, DailyMetrics metrics) {}

  private List<DailyMetrics> days(String shopId, ZoneId zone, LocalDate from, LocalDate to) {
    return repository.daily(shopId, zone, from, to, clock.instant()).entrySet().stream().map(e -> e.getValue().toMetrics(e.getKey())).toList();
  }

  private static LocalDate date(String field, String value, List<FieldProblem> problems) {
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "must be a date such as 2026-11-11"));
      return null;
    }
  }
}
