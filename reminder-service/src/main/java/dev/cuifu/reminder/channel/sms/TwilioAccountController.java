package dev.cuifu.reminder.channel.sms;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a shop send through its own Twilio account instead of the deployment's. The auth token is
 * write-only: no answer ever carries it.
 */
@Tag(
    name = "Twilio account",
    description =
        "The shop's own Twilio account: its SMS and WhatsApp messages are then sent with it, and Twilio's webhooks"
            + " naming it are verified with its auth token. Without one, the deployment's account is used.")
@RestController
class TwilioAccountController {

  static final String PATH = "/api/v1/sms/twilio-account";

  private static final String PROBLEM_JSON = "application/problem+json";
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern AUTH_TOKEN = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Logger log = LoggerFactory.getLogger(TwilioAccountController.class);

  @Schema(description = "The shop's own Twilio account; authToken may be left out to keep the stored one for the same accountSid")
  record AccountRequest(
      @Schema(example = "AC0123456789abcdef0123456789abcdef") String accountSid,
      @Schema(description = "32 hex digits; never returned", example = "0123456789abcdef0123456789abcdef") String authToken,
      @Schema(description = "Twilio's StatusCallback for this shop's messages; default: the deployment's", example = "https://cuifu.example.com/twilio/status")
          String statusCallbackUrl) {

    /** Keeps the auth token out of logs. */
    @Override
    public String toString() {
      return "AccountRequest[accountSid=" + accountSid + ", authToken=****, statusCallbackUrl=" + statusCallbackUrl + "]";
    }
  }

  @Schema(description = "Which Twilio account sends the shop's messages (never the auth token)")
  record AccountView(
      @Schema(description = "true: the shop's own account; false: the deployment's") boolean ownAccount,
      @Schema(description = "The shop's own account SID, or null") String accountSid,
      @Schema(description = "Whether an auth token is stored (it is never shown)") boolean authTokenSet,
      @Schema(description = "The shop's own StatusCallback URL, or null for the deployment's") URI statusCallbackUrl,
      Instant updatedAt) {

    static AccountView of(Optional<ShopTwilioAccount> account) {
      return account
          .map(a -> new AccountView(true, a.accountSid(), !a.authToken().isEmpty(), a.statusCallbackUrl(), a.updatedAt()))
          .orElse(new AccountView(false, null, false, null, null));
    }
  }

  private final ShopTwilioAccountStore store;
  private final TwilioAccounts accounts;
  private final Clock clock;

  TwilioAccountController(ShopTwilioAccountStore store, TwilioAccounts accounts, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.clock = clock;
  }

  @Operation(summary = "Which Twilio account sends the shop's messages")
  @ApiResponse(responseCode = "200", description = "The shop's own account (without its token), or ownAccount false")
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping(PATH)
  ResponseEntity<AccountView> current(
      @Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(AccountView.of(store.find(shopId)));
  }

  @Operation(
      summary = "Send through the shop's own Twilio account",
      description =
          "From the next message on. Point the account's senders (Messaging Service or numbers) at the same"
              + " /twilio/inbound, and keep the shop's senders (sms.from, chat.whatsappFrom) in that account. The"
              + " credentials are checked with Twilio (the account is fetched) before they are stored.")
  @ApiResponse(responseCode = "200", description = "The stored account, without its token")
  @ApiResponse(
      responseCode = "400",
      description = "Bad fields, each named; also credentials Twilio refuses (authToken) or an account it says is not active (accountSid)",
      content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(
      responseCode = "503",
      description = "Twilio could not be asked whether the credentials are right; nothing stored",
      content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(
      responseCode = "409",
      description = "The account SID is another shop's or the deployment's (an account belongs to one shop)",
      content = @Content(mediaType = PROBLEM_JSON))
  @PutMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AccountView> put(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody AccountRequest request) {
    String shopId = shop.shopId();
    Optional<ShopTwilioAccount> stored = store.find(shopId);
    List<FieldProblem> problems = new ArrayList<>();
    String accountSid = request.accountSid() == null ? null : request.accountSid().strip();
    if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
      problems.add(new FieldProblem("accountSid", "must be AC followed by 32 hex digits"));
    }
    String authToken = request.authToken() == null ? null : request.authToken().strip();
    if (authToken == null || authToken.isEmpty()) {
      boolean sameAccount = stored.isPresent() && stored.get().accountSid().equals(accountSid);
      if (sameAccount) {
        authToken = stored.get().authToken();
      } else {
        problems.add(new FieldProblem("authToken", "is required for a new account"));
      }
    } else if (!AUTH_TOKEN.matcher(authToken).matches()) {
      problems.add(new FieldProblem("authToken", "must be 32 hex digits (the account's Auth Token)"));
    }
    URI callback = null;
    if (request.statusCallbackUrl() != null && !request.statusCallbackUrl().isBlank()) {
      callback = httpUrl(request.statusCallbackUrl().strip());
      if (callback == null) {
        problems.add(new FieldProblem("statusCallbackUrl", "must be an absolute http(s) URL"));
      }
    }
    if (!problems.isEmpty()) {
      String detail = problems.size() == 1 ? "1 field is invalid." : problems.size() + " fields are invalid.";
      throw new InvalidRequestException(detail, problems);
    }
    checkWithTwilio(accountSid, authToken);
    ShopTwilioAccount account =
        new ShopTwilioAccount(shopId, accountSid, authToken, callback, clock.instant().truncatedTo(ChronoUnit.MICROS));
    try {
      if (accounts.isDeployment(accountSid)) {
        throw new AccountSidTakenException();
      }
      store.save(account);
    } catch (AccountSidTakenException e) {
      // said without naming who has it: the SID alone must not tell one shop about another
      log.warn("shop {} refused Twilio account {}: already used by another shop or the deployment", shopId, accountSid);
      throw e;
    }
    log.info("shop {} sends through its own Twilio account {} (status callback: {})", shopId, accountSid,
        callback == null ? "the deployment's" : callback);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(AccountView.of(Optional.of(account)));
  }

  @Operation(summary = "Go back to the deployment's Twilio account", description = "Its token is deleted.")
  @ApiResponse(responseCode = "204", description = "The deployment's account sends the shop's messages from now on")
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @DeleteMapping(PATH)
  ResponseEntity<Void> delete(
      @Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    if (store.delete(shopId)) {
      log.info("shop {} sends through the deployment's Twilio account again", shopId);
    }
    return ResponseEntity.noContent().build();
  }

  /**
   * Refuses credentials Twilio does not accept, before anything is stored: checked before whether
   * another shop has the account, so that only the account's holder learns that.
   */
  private void checkWithTwilio(String accountSid, String authToken) {
    switch (accounts.check(accountSid, authToken)) {
      case VALID -> {}
      case REFUSED ->
          throw new InvalidRequestException(
              "Twilio refused these credentials.",
              List.of(new FieldProblem("authToken", "Twilio refused this account SID and auth token (error 20003: authenticate)")));
      case INACTIVE ->
          throw new InvalidRequestException(
              "The Twilio account is not active.",
              List.of(new FieldProblem("accountSid", "the Twilio account is suspended or closed: no message would go out")));
      case UNKNOWN ->
          throw new SenderCheckUnavailableException(
              "Twilio could not be reached to check the credentials; nothing was stored, try again");
    }
  }

  private static URI httpUrl(String value) {
    try {
      URI uri = new URI(value);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      return uri.isAbsolute() && http && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
