package dev.cuifu.reminder.backtest;

import dev.cuifu.common.orderfile.InvalidProfileException;
import dev.cuifu.common.orderfile.LineError;
import dev.cuifu.common.orderfile.OrderFileException;
import dev.cuifu.common.orderfile.OrderFileProfile;
import dev.cuifu.common.orderfile.OrderFileProfiles;
import dev.cuifu.common.orderfile.OrderFileReader;
import dev.cuifu.common.orderfile.OrderFileSummary;
import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.reminder.experiment.Experiments;
import dev.cuifu.reminder.experiment.MeasuredLift;
import dev.cuifu.reminder.order.StoredOrders;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.security.AgentUser;
import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.shop.ShopDirectory;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/backtests}: what one policy (or two, side by side) would have done to a
 * shop's past orders, uploaded as an order export or the ones Cuifu stored over a date range.
 * Sends nothing, stores nothing. The request is
 * bounded by {@code cuifu.web.max-request-size} like every other. The shop dashboard runs the same
 * at {@code POST /dashboard/api/backtests} for its signed-in SHOP_ADMIN's shop (HTTP Basic, the
 * security chain checks the role), sharing the limit of backtests running at once.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "backtest", description = "Replay past orders through a policy on a simulated clock (docs/backtest.md)")
class BacktestController {

  /** Line errors a response lists at most; the count covers all of them. */
  static final int MAX_LINE_ERRORS = 100;

  @Schema(name = "BacktestOrders", description = "How the uploaded order file was read")
  record OrdersRead(
      @Schema(description = "Orders read and replayed") long rows,
      @Schema(description = "Lines that could not be read and were skipped") long failed,
      @Schema(description = "The first of those: line number, order id when it could be read, and reason (never the line's content)")
          List<LineError> errors,
      @Schema(description = "Buyer phone numbers that could not be read in the shop's phoneRegion: those buyers are grouped by the"
          + " number as written (never listed)") long unreadablePhones) {}

  @Schema(name = "BacktestResult", description = "One policy's figures")
  record PolicyResult(@Schema(description = "policy or against", example = "policy") String name, BacktestReport report) {}

  @Schema(name = "BacktestResponse")
  record BacktestResponse(OrdersRead orders, List<PolicyResult> policies) {}

  /**
   * The refusals both routes share, after the answers each lists itself (200, 400, and who may call
   * it: 401, the dashboard's 403), in that order in the OpenAPI document.
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ApiResponses({
    @ApiResponse(responseCode = "404", description = "liftFromExperiment is not one of the shop's experiments",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(responseCode = "409", description = "liftFromExperiment has no holdout, or nothing settled yet: no lift to measure",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(responseCode = "429", description = "Too many backtests are running at once; Retry-After says when to try again",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(responseCode = "413", description = "The request is larger than cuifu.web.max-request-size",
        content = @Content(mediaType = "application/problem+json"))
  })
  @interface BacktestRefusals {}

  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

  /** The longest date range of stored orders one request replays. */
  static final Duration MAX_RANGE = Duration.ofDays(92);

  private final ShopPolicies policies;
  private final StoredOrders stored;
  private final Experiments experiments;
  private final ShopDirectory shops;
  private final BacktestRunner runner;

  BacktestController(ShopPolicies policies, StoredOrders stored, Experiments experiments, ShopDirectory shops, BacktestRunner runner) {
    this.policies = policies;
    this.stored = stored;
    this.experiments = experiments;
    this.shops = shops;
    this.runner = runner;
  }

  private static void checkRange(Instant from, Instant to) {
    if (from == null || to == null) {
      throw InvalidRequestException.of(
          from == null ? "from" : "to", "is required without an orders part (an ISO-8601 instant such as 2026-11-01T00:00:00Z)");
    }
    for (Instant bound : List.of(from, to)) {
      // beyond these the database's timestamps (and the quiet-hours arithmetic) do not reach
      if (bound.isBefore(EARLIEST) || bound.isAfter(LATEST)) {
        throw InvalidRequestException.of(bound == from ? "from" : "to", "must be between " + EARLIEST + " and " + LATEST);
      }
    }
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw InvalidRequestException.of("to", "must be after from, by at most " + MAX_RANGE.toDays() + " days");
    }
  }

  @PostMapping(path = "/api/v1/backtests", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Backtest a policy over an order export",
      description =
          "Parts: policy (the JSON PUT /api/v1/policy takes), optionally against (a second policy, side by side),"
              + " and orders (the CSV export, read through the profile) or, instead, query parameters from and to"
              + " (the shop's stored orders created in that range). Nothing is sent or stored.",
      responses = {
        @ApiResponse(responseCode = "200", description = "The figures of each policy",
            content = @Content(schema = @Schema(implementation = BacktestResponse.class))),
        @ApiResponse(responseCode = "400", description = "An invalid policy, profile, parameter or order file; errors names each",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = "application/problem+json"))
      })
  @BacktestRefusals
  BacktestResponse run(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @RequestPart("policy") MultipartFile policy,
      @RequestPart(name = "against", required = false) MultipartFile against,
      @RequestPart(name = "orders", required = false) MultipartFile orders,
      @Parameter(description = "Instead of profile: a profile JSON for the orders' columns (docs/import.md; buyer columns and"
          + " itemSummary optional here)")
          @RequestPart(name = "profileJson", required = false) MultipartFile profileJson,
      @Parameter(description = "Instead of an upload: the shop's stored orders created from this instant", example = "2026-11-01T00:00:00Z")
          @RequestParam(required = false) Instant from,
      @Parameter(description = "... up to this instant (excluded); at most 92 days after from", example = "2026-12-01T00:00:00Z")
          @RequestParam(required = false) Instant to,
      @Parameter(description = "The order file's built-in header profile (default tmall)", example = "tmall")
          @RequestParam(required = false) String profile,
      @Parameter(description = "Assumed lift, a share of reminded unpaid orders; default 0.05", example = "0.05")
          @RequestParam(required = false) Double lift,
      @Parameter(description = "Instead of lift: this experiment's measured lift (its decided, pinned or leading arm over the"
          + " holdout) with its interval; the report's liftRange gives the recovered orders and amount over that interval")
          @RequestParam(required = false) Long liftFromExperiment,
      @Parameter(description = "Price of one SMS segment, major units", example = "0.05") @RequestParam(defaultValue = "0.05") BigDecimal segmentPrice) {
    // on the backtests' own pool: a replay never holds more of this service than its threads
    return runner.run(shop.shopId(), () -> replay(shop, policy, against, orders, from, to, profile, profileJson, lift, liftFromExperiment, segmentPrice));
  }

  /** The built-in profile named, else the uploaded profile JSON, else tmall. */
  private static OrderFileProfile fileProfile(String profile, MultipartFile profileJson) throws IOException {
    if (profileJson == null) {
      String name = profile == null ? OrderFileProfile.TMALL.name() : profile;
      return OrderFileProfile.builtIn(name)
          .orElseThrow(
              () -> InvalidRequestException.of("profile", "must be one of " + OrderFileProfile.builtInNames() + ", or send a profileJson part"));
    }
    if (profile != null) {
      throw InvalidRequestException.of("profile", "goes without a profileJson part: a built-in profile or your own, not both");
    }
    try {
      return OrderFileProfiles.fromJson(
              new String(profileJson.getBytes(), StandardCharsets.UTF_8), "profileJson", OrderFileProfiles.Use.BACKTEST)
          .file();
    } catch (InvalidProfileException e) {
      if (e.problems().isEmpty()) {
        // the message names the part already ("profile profileJson is not JSON …"): not prefixed again
        throw new InvalidRequestException(e.getMessage(), List.of(new FieldProblem("profileJson", e.getMessage())));
      }
      // "columns.buyerPhone: required" → field profileJson.columns.buyerPhone, message required
      throw new InvalidRequestException(
          e.getMessage(),
          e.problems().stream()
              .map(p -> {
                int colon = p.indexOf(": ");
                return colon < 0
                    ? new FieldProblem("profileJson", p)
                    : new FieldProblem("profileJson." + p.substring(0, colon), p.substring(colon + 2));
              })
              .toList());
    }
  }

  @PostMapping(path = "/dashboard/api/backtests", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "The dashboard's backtest: POST /api/v1/backtests for the signed-in shop admin's shop",
      description =
          "The same parts, parameters and answer as POST /api/v1/backtests; the shop is the signed-in SHOP_ADMIN's."
              + " Needs X-Requested-With like every write under /dashboard.",
      responses = {
        @ApiResponse(responseCode = "200", description = "The figures of each policy",
            content = @Content(schema = @Schema(implementation = BacktestResponse.class))),
        @ApiResponse(responseCode = "400", description = "An invalid policy, profile, parameter or order file; errors names each",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "401", description = "Wrong or missing username and password",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "403", description = "Not a SHOP_ADMIN, or no X-Requested-With header",
            content = @Content(mediaType = "application/problem+json"))
      })
  @BacktestRefusals
  BacktestResponse runForAdmin(
      @AuthenticationPrincipal AgentUser admin,
      @RequestPart("policy") MultipartFile policy,
      @RequestPart(name = "against", required = false) MultipartFile against,
      @RequestPart(name = "orders", required = false) MultipartFile orders,
      @Parameter(description = "Instead of profile: a profile JSON for the orders' columns (docs/import.md)")
          @RequestPart(name = "profileJson", required = false) MultipartFile profileJson,
      @Parameter(description = "Instead of an upload: the shop's stored orders created from this instant", example = "2026-11-01T00:00:00Z")
          @RequestParam(required = false) Instant from,
      @Parameter(description = "... up to this instant (excluded); at most 92 days after from", example = "2026-12-01T00:00:00Z")
          @RequestParam(required = false) Instant to,
      @Parameter(description = "The order file's built-in header profile (default tmall)", example = "tmall")
          @RequestParam(required = false) String profile,
      @Parameter(description = "Assumed lift, a share of reminded unpaid orders; default 0.05", example = "0.05")
          @RequestParam(required = false) Double lift,
      @Parameter(description = "Instead of lift: this experiment's measured lift with its interval") @RequestParam(required = false)
          Long liftFromExperiment,
      @Parameter(description = "Price of one SMS segment, major units", example = "0.05") @RequestParam(defaultValue = "0.05") BigDecimal segmentPrice) {
    return run(
        new AuthenticatedShop(admin.shopId()), policy, against, orders, profileJson, from, to, profile, lift, liftFromExperiment,
        segmentPrice);
  }

  private BacktestResponse replay(
      AuthenticatedShop shop, MultipartFile policy, MultipartFile against, MultipartFile orders, Instant from, Instant to,
      String profile, MultipartFile profileJson, Double lift, Long liftFromExperiment, BigDecimal segmentPrice)
      throws IOException {
    OrderFileProfile fileProfile = fileProfile(profile, profileJson);
    if (lift != null && liftFromExperiment != null) {
      throw InvalidRequestException.of("lift", "goes without liftFromExperiment: an assumed lift or a measured one, not both");
    }
    BacktestSettings settings = BacktestSettings.defaults();
    try {
      settings = settings.withLift(lift == null ? settings.lift() : lift);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.of("lift", e.getMessage());
    }
    try {
      settings = settings.withSegmentPrice(segmentPrice);
    } catch (IllegalArgumentException e) {
      throw InvalidRequestException.of("segmentPrice", e.getMessage());
    }
    // measured before the replay: an unknown experiment or one without a lift fails fast
    MeasuredLift measured = liftFromExperiment == null ? null : experiments.measuredLift(shop.shopId(), liftFromExperiment);
    List<String> names = new ArrayList<>(List.of("policy"));
    List<ShopPolicy> candidates = new ArrayList<>(List.of(policies.read(policy.getBytes(), "policy.")));
    if (against != null) {
      names.add("against");
      candidates.add(policies.read(against.getBytes(), "against."));
    }
    List<OrderRow> rows = new ArrayList<>();
    OrderFileSummary summary;
    // buyers as the shop's live orders are read: numbers in E.164, national ones in its phoneRegion
    BuyerPhones phones = new BuyerPhones(shops.phoneRegion(shop.shopId()).orElse(null));
    if (orders != null) {
      if (from != null || to != null) {
        throw InvalidRequestException.of("from", "goes with no orders part: send an order file or a date range, not both");
      }
      try (InputStream in = orders.getInputStream()) {
        summary = OrderFileReader.read(in, fileProfile, row -> rows.add(phones.normalise(row)));
      } catch (OrderFileException e) {
        throw InvalidRequestException.of("orders", e.getMessage());
      }
    } else {
      checkRange(from, to);
      summary = new OrderFileSummary(stored.forEachCreated(shop.shopId(), from, to, rows::add), 0, List.of());
    }
    List<PolicyResult> results = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      BacktestReport report = Backtest.run(rows, candidates.get(i), settings, n -> {});
      if (measured != null) {
        report = report.withLift(measured.lift(), new LiftRange.Source("experiment", measured.experimentId(), measured.arm(),
            measured.armChoice(), measured.interval().kind(), measured.interval().lower(), measured.interval().upper()));
      }
      results.add(new PolicyResult(names.get(i), report));
    }
    return new BacktestResponse(
        new OrdersRead(
            summary.rows(), summary.failed(), summary.errors().stream().limit(MAX_LINE_ERRORS).toList(), phones.unreadable()),
        results);
  }
}
