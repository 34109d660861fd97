package dev.cuifu.reminder.channel.chat;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets a shop read and rotate the secret its chat webhook receiver verifies deliveries with. */
@Tag(
    name = "Chat webhook",
    description =
        "The secret that signs every chat webhook delivery (X-Cuifu-Signature: sha256=<hex HMAC-SHA256(secret,"
            + " X-Cuifu-Timestamp + \".\" + raw body)>). Reject timestamps older than 5 minutes.")
@RestController
class ChatWebhookSecretController {

  private static final String PROBLEM_JSON = "application/problem+json";

  @Schema(description = "The shop's current webhook signing secret")
  record SecretView(
      @Schema(
              description = "Use as is (UTF-8 bytes) as the HMAC-SHA256 key; do not base64-decode",
              example = "q3Vb0m1m0sX2k9m3fHc7yJ4nE1pW8rT6uZ5aL0dS2gK")
          String secret,
      @Schema(description = "When this secret was created (first use or last rotation)") Instant createdAt) {

    static SecretView of(ChatSecret secret) {
      return new SecretView(secret.secret(), secret.createdAt());
    }
  }

  private final ChatSecrets secrets;

  ChatWebhookSecretController(ChatSecrets secrets) {
    this.secrets = secrets;
  }

  @Operation(
      summary = "The current webhook signing secret",
      description = "Created on the first call; the same secret on every later call until rotated.")
  @ApiResponse(responseCode = "200", description = "The current secret")
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/api/v1/chat/webhook-secret")
  ResponseEntity<SecretView> current(
      @Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(SecretView.of(secrets.current(shopId)));
  }

  @Operation(
      summary = "Replace the webhook signing secret",
      description =
          "Deliveries are signed with the new secret from now on; the old one stops at once. Let the receiver"
              + " accept both until it has switched over.")
  @ApiResponse(responseCode = "200", description = "The new secret")
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping("/api/v1/chat/webhook-secret/rotate")
  ResponseEntity<SecretView> rotate(
      @Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(SecretView.of(secrets.rotated(shopId)));
  }
}
