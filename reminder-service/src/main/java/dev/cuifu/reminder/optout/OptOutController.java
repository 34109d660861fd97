package dev.cuifu.reminder.optout;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.shop.ShopDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Lets a shop keep its list of buyers who must not be contacted on a channel. */
@Tag(
    name = "Opt-outs",
    description =
        "Buyers who must not be contacted again on a channel. An opt-out is final until the buyer opts back in.")
@RestController
class OptOutController {

  private static final String PROBLEM_JSON = "application/problem+json";

  @Schema(description = "A request to stop contacting a buyer on one channel")
  record OptOutRequest(
      @Schema(description = "The channel to stop", allowableValues = {"SMS", "CHAT", "PHONE"}, requiredMode = Schema.RequiredMode.REQUIRED)
          String channel,
      @Schema(description = "The buyer's phone as the shop sends it in events: international form, or national (no +) in the shop's phoneRegion; any valid number, stored as E.164", example = "+86 138 0013 8000", requiredMode = Schema.RequiredMode.REQUIRED)
          String phone,
      @Schema(description = "Why, as free text (at most 500 characters)", example = "buyer asked on chat", nullable = true)
          String reason) {}

  @Schema(description = "One opted-out buyer on one channel")
  record OptOutView(
      @Schema(allowableValues = {"SMS", "CHAT", "PHONE"}) String channel,
      @Schema(description = "E.164", example = "+8613800138000") String phone,
      @Schema(description = "How the opt-out arrived: API, STOP, ...") String source,
      @Schema(nullable = true) String reason,
      Instant createdAt) {

    static OptOutView of(OptOut optOut) {
      return new OptOutView(
          optOut.channel().name(), optOut.phone(), optOut.source(), optOut.reason(), optOut.createdAt());
    }
  }

  @Schema(description = "One page of opt-outs, ordered by phone")
  record OptOutListView(
      List<OptOutView> items,
      @Schema(description = "Pass as `after` for the next page; null on the last page", nullable = true) String next) {}

  private final OptOutRegistry registry;
  private final ShopDirectory shops;

  OptOutController(OptOutRegistry registry, ShopDirectory shops) {
    this.registry = registry;
    this.shops = shops;
  }

  /** Reads phones as order-ingest reads the shop's events: national ones in its phoneRegion. */
  private OptOutRequests requestsOf(String shopId) {
    return new OptOutRequests(shops.phoneRegion(shopId).orElse(null));
  }

  @Operation(
      summary = "Stop contacting a buyer on a channel",
      description = "Idempotent: opting out an already opted-out buyer changes nothing and answers 200.")
  @ApiResponse(responseCode = "201", description = "Opted out now")
  @ApiResponse(responseCode = "200", description = "Was already opted out; the existing opt-out")
  @ApiResponse(responseCode = "400", description = "Bad channel, phone or reason", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping(path = "/api/v1/opt-outs", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<OptOutView> optOut(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody OptOutRequest request) {
    String shopId = shop.shopId();
    OptOutRequests check = requestsOf(shopId);
    Channel channel = check.channel("channel", request.channel(), true);
    String phone = check.phone("phone", request.phone());
    String reason = check.reason("reason", request.reason());
    check.check();
    OptOutRegistry.Added added = registry.add(shopId, channel, phone, OptOutRegistry.SOURCE_API, reason);
    OptOutView view = OptOutView.of(added.optOut());
    if (!added.created()) {
      return ResponseEntity.ok(view);
    }
    return ResponseEntity.created(
            UriComponentsBuilder.fromPath("/api/v1/opt-outs/{channel}/{phone}")
                .encode()
                .buildAndExpand(channel.name(), phone)
                .toUri())
        .body(view);
  }

  @Operation(summary = "Opt a buyer back in on a channel: removes the opt-out")
  @ApiResponse(responseCode = "204", description = "Opted back in")
  @ApiResponse(responseCode = "400", description = "Bad channel or phone", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "The buyer is not opted out of this channel", content = @Content(mediaType = PROBLEM_JSON))
  @DeleteMapping("/api/v1/opt-outs/{channel}/{phone}")
  ResponseEntity<Void> optIn(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @Parameter(schema = @Schema(allowableValues = {"SMS", "CHAT", "PHONE"})) @PathVariable("channel") String channelName,
      @Parameter(description = "International form, e.g. +8613800138000 (encode + as %2B if your client needs to), or national in the shop's phoneRegion")
          @PathVariable("phone")
          String phoneNumber) {
    String shopId = shop.shopId();
    OptOutRequests check = requestsOf(shopId);
    Channel channel = check.channel("channel", channelName, true);
    String phone = check.phone("phone", phoneNumber);
    check.check();
    if (!registry.optIn(shopId, channel, phone)) {
      throw new NotOptedOutException(channel);
    }
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "The shop's opt-outs, ordered by phone",
      description =
          "Keyset paging: pass the answer's `next` as `after` for the following page. Without a channel, one"
              + " phone's opt-outs are never split across pages, so a page may hold fewer than `limit` items.")
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(responseCode = "400", description = "Bad channel, limit or after", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/api/v1/opt-outs")
  OptOutListView list(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @Parameter(description = "Only this channel; all when absent", schema = @Schema(allowableValues = {"SMS", "CHAT", "PHONE"}))
          @RequestParam(name = "channel", required = false)
          String channelName,
      @Parameter(description = "Page size, 1 to 1000", schema = @Schema(type = "integer", defaultValue = "100", minimum = "1", maximum = "1000"))
          @RequestParam(name = "limit", required = false)
          String limitValue,
      @Parameter(description = "The previous page's `next`")
          @RequestParam(name = "after", required = false)
          String after) {
    String shopId = shop.shopId();
    OptOutRequests check = new OptOutRequests();
    Channel channel = check.channel("channel", channelName, false);
    int limit = check.limit("limit", limitValue);
    String afterPhone = check.queryPhone("after", after);
    check.check();
    OptOutPage page = registry.page(shopId, channel, limit, afterPhone);
    return new OptOutListView(page.items().stream().map(OptOutView::of).toList(), page.next());
  }
}
