package dev.cuifu.reminder.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A shop reads and replaces its own reminder policy: {@code /api/v1/policy}. */
@RestController
@RequestMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "policy", description = "The shop's reminder policy: tiers, delays, quiet hours, frequency cap")
class PolicyController {

  @Schema(name = "PolicyResponse", description = "The shop's policy with its version")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PolicyView(
      @Schema(description = "0 while the shop follows the defaults; one more with every update") int version,
      @Schema(description = "When the policy was stored; absent for the defaults") Instant updatedAt,
      ShopPolicy policy,
      @Schema(description = "true while the shop has not stored a policy of its own") boolean defaults,
      @Schema(description = "Which orders an update affects (only in the answer to PUT)",
              example = "orders planned from 2026-11-11T02:00:00Z on; touches already planned keep their schedule")
          String appliesTo) {

    static PolicyView of(StoredPolicy stored, String appliesTo) {
      return new PolicyView(stored.version(), stored.updatedAt(), stored.policy(), stored.defaults(), appliesTo);
    }
  }

  private final ShopPolicies policies;

  PolicyController(ShopPolicies policies) {
    this.policies = policies;
  }

  @GetMapping
  @Operation(
      summary = "The shop's reminder policy (the defaults until it stores one)",
      responses = {
        @ApiResponse(responseCode = "200", description = "The policy",
            content = @Content(schema = @Schema(implementation = PolicyView.class))),
        @ApiResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = "application/problem+json"))
      })
  PolicyView get(
      @Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    return PolicyView.of(policies.find(shopId), null);
  }

  @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Replace the shop's whole reminder policy",
      description =
          "Send every field (GET the policy, change it, PUT it back). The change applies to orders planned"
              + " from now on; touches already planned keep their schedule.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true, content = @Content(schema = @Schema(implementation = ShopPolicy.class))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Stored; the answer says which orders it applies to",
            content = @Content(schema = @Schema(implementation = PolicyView.class))),
        @ApiResponse(responseCode = "400", description = "Invalid policy; errors names every bad field",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "401", description = "Missing or unknown API key",
            content = @Content(mediaType = "application/problem+json"))
      })
  PolicyView put(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody(required = false) byte[] body) {
    StoredPolicy stored = policies.update(shop.shopId(), policies.read(body, ""));
    return PolicyView.of(
        stored,
        "orders planned from " + stored.updatedAt() + " on; touches already planned keep their schedule");
  }
}
