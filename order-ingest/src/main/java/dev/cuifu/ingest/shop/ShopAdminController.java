package dev.cuifu.ingest.shop;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The operator's shop administration: {@code /admin/v1/shops}. */
@RestController
@RequestMapping(path = "/admin/v1/shops", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "shops", description = "Shop administration (operator only)")
class ShopAdminController {

  private final ShopService shops;
  private final Validator validator;

  public ShopAdminController(ShopService shops, Validator validator) {
    this.shops = shops;
    this.validator = validator;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Create a shop and its first API key",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = CreateShopRequest.class))),
      responses = {
        @ApiResponse(responseCode = "201", description = "Created; the answer holds the API key, shown once",
            content = @Content(schema = @Schema(implementation = ShopView.class))),
        @ApiResponse(responseCode = "400", description = "Invalid body; errors names every bad field",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "401", description = "Missing or wrong operator token",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "409", description = "The shop exists already",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "503", description = "Kafka or the database is unavailable; retry after Retry-After",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<ShopView> create(@Parameter(hidden = true) Operator operator, @RequestBody byte[] body) {
    Shop shop = read(body);
    ShopView created = shops.create(shop);
    return ResponseEntity.created(URI.create("/admin/v1/shops/" + created.shopId())).body(created);
  }

  @GetMapping("/{shopId}")
  @Operation(summary = "A shop's settings (never its keys)")
  public ShopView get(@Parameter(hidden = true) Operator operator, @PathVariable String shopId) {
    return shops.find(shopId);
  }

  @PatchMapping(path = "/{shopId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  @Operation(
      summary = "Change a shop's settings (JSON merge patch): today its phoneRegion",
      description =
          "Fields left out stay as they are; `\"phoneRegion\": null` clears the region. The change applies to the"
              + " next event the shop posts.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = ShopChangeRequest.class))),
      responses = {
        @ApiResponse(responseCode = "200", description = "The shop as changed",
            content = @Content(schema = @Schema(implementation = ShopView.class))),
        @ApiResponse(responseCode = "400", description = "Invalid body; errors names every bad field",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "404", description = "No such shop", content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "503", description = "Kafka or the database is unavailable; retry after Retry-After",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ShopView change(
      @Parameter(hidden = true) Operator operator, @PathVariable String shopId, @RequestBody byte[] body) {
    JsonNode tree = JsonBodies.readTree(body);
    List<FieldProblem> problems = new ArrayList<>();
    ShopChangeRequest request =
        tree.isObject() ? JsonBodies.convert(tree, ShopChangeRequest.class, "", problems) : null;
    if (request == null) {
      throw new InvalidRequestException(
          "The change is invalid.", problems.isEmpty() ? List.of(new FieldProblem("$", "must be an object")) : problems);
    }
    if (!tree.has("phoneRegion")) {
      return shops.find(shopId);
    }
    String phoneRegion = phoneRegion(request.phoneRegion(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("The change is invalid.", problems);
    }
    return shops.changePhoneRegion(shopId, phoneRegion);
  }

  /** The region upper-cased, null for none; a code libphonenumber has no numbers for is a problem. */
  private static String phoneRegion(String requested, List<FieldProblem> problems) {
    if (requested == null) {
      return null;
    }
    Optional<String> region = PhoneNumbers.supportedRegion(requested);
    if (region.isEmpty()) {
      problems.add(new FieldProblem("phoneRegion", CreateShopRequest.PHONE_REGION_MESSAGE));
    }
    return region.orElse(null);
  }

  private Shop read(byte[] body) {
    JsonNode tree = JsonBodies.readTree(body);
    List<FieldProblem> problems = new ArrayList<>();
    CreateShopRequest request = JsonBodies.convert(tree, CreateShopRequest.class, "", problems);
    if (request == null) {
      throw new InvalidRequestException("The shop is invalid.", problems);
    }
    problems.addAll(JsonBodies.problems(validator.validate(request), ""));
    Duration smsDelay = request.smsDelay() == null ? CreateShopRequest.DEFAULT_SMS_DELAY : request.smsDelay();
    if (smsDelay.compareTo(CreateShopRequest.MIN_SMS_DELAY) < 0
        || smsDelay.compareTo(CreateShopRequest.MAX_SMS_DELAY) > 0) {
      problems.add(new FieldProblem("smsDelay", "must be between PT1S and P3D"));
    }
    ZoneId timeZone = null;
    try {
      timeZone = ZoneId.of(request.timeZone() == null ? CreateShopRequest.DEFAULT_TIME_ZONE : request.timeZone());
    } catch (DateTimeException e) {
      problems.add(new FieldProblem("timeZone", "must be a time zone id such as Asia/Shanghai"));
    }
    String phoneRegion = phoneRegion(request.phoneRegion(), problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("The shop is invalid.", problems);
    }
    return new Shop(request.shopId(), request.name(), smsDelay, request.smsFrom(), timeZone, phoneRegion, null, null);
  }
}
