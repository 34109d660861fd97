package dev.cuifu.reminder.channel.sms;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which Twilio account serves a shop: its own ({@code shop_twilio_account}) when it has one, else
 * the deployment's ({@code cuifu.sms.twilio.*}). Keeps one SDK client per account, all on the one
 * {@link TwilioHttpClient} (its pool, timeouts and {@code api-base-url}); a client is rebuilt when
 * the shop changes its token. Also answers who signs a webhook naming an account: an account SID belongs to one
 * shop (unique in {@code shop_twilio_account}), so one token.
 */
final class TwilioAccounts implements TwilioSmsGateway.Routes {

  private record CachedClient(String authToken, TwilioRestClient client) {}

  private final ShopTwilioAccountStore store;
  private final TwilioHttpClient httpClient;
  private final TwilioSmsGateway.Route deploymentRoute;
  private final String deploymentAuthToken;
  private final ConcurrentMap<String, CachedClient> clients = new ConcurrentHashMap<>();

  TwilioAccounts(
      ShopTwilioAccountStore store, TwilioHttpClient httpClient, TwilioProperties properties, URI deploymentCallbackUrl) {
    this.store = Objects.requireNonNull(store, "store");
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.deploymentAuthToken = properties.authToken();
    this.deploymentRoute =
        new TwilioSmsGateway.Route(
            properties.accountSid(), client(properties.accountSid(), properties.authToken()), deploymentCallbackUrl, false);
  }

  String deploymentAccountSid() {
    return deploymentRoute.accountSid();
  }

  /** The StatusCallback URL the deployment's messages carry (with its connection overrides), or {@code null}. */
  URI deploymentCallbackUrl() {
    return deploymentRoute.statusCallbackUrl();
  }

  /** The shop's own account when it has one (its callback URL, else the deployment's), else the deployment's. */
  @Override
  public TwilioSmsGateway.Route forShop(String shopId) {
    return store.find(shopId)
        .map(
            own ->
                new TwilioSmsGateway.Route(
                    own.accountSid(),
                    client(own.accountSid(), own.authToken()),
                    own.statusCallbackUrl() != null ? own.statusCallbackUrl() : deploymentRoute.statusCallbackUrl(),
                    true))
        .orElse(deploymentRoute);
  }

  /**
   * Who signs a webhook naming an account: the deployment for its own SID (and for a request naming
   * none), else the one shop that stored that SID, with its token; nobody for an account nobody
   * here uses.
   */
  Optional<Signer> signerOf(String accountSid) {
    if (accountSid == null || accountSid.isBlank() || isDeployment(accountSid)) {
      return Optional.of(new Signer(deploymentAccountSid(), null, deploymentAuthToken));
    }
    return store.findByAccountSid(accountSid.strip()).map(own -> new Signer(own.accountSid(), own.shopId(), own.authToken()));
  }

  /** Whether this is the deployment's own account SID (compared without case). */
  boolean isDeployment(String accountSid) {
    return accountSid != null && accountSid.strip().equalsIgnoreCase(deploymentAccountSid());
  }

  /**
   * The account a webhook is checked against.
   *
   * @param accountSid the account's SID as stored here
   * @param shopId the shop that owns it; {@code null} for the deployment's account
   * @param authToken the one token its webhooks are signed with
   */
  record Signer(String accountSid, String shopId, String authToken) {

    /** Keeps the auth token out of logs. */
    @Override
    public String toString() {
      return "Signer[accountSid=" + accountSid + ", shopId=" + shopId + ", authToken=****]";
    }
  }

  /** What Twilio said of a pair of credentials. */
  enum CredentialCheck {
    /** The account answered and is active. */
    VALID,
    /** Twilio refused the SID and token (401, code 20003) or does not know the account. */
    REFUSED,
    /** The credentials are right but the account is suspended or closed (no message would go out). */
    INACTIVE,
    /** Twilio could not be asked or did not answer clearly (network, 5xx): nothing is known. */
    UNKNOWN
  }

  /**
   * Asks Twilio for the account with these credentials (the SDK's Account fetch, {@code GET
   * /2010-04-01/Accounts/{Sid}.json}), so that credentials that would fail every send are refused
   * when the shop stores them, not found out on the first reminder. The client is not kept.
   */
  CredentialCheck check(String accountSid, String authToken) {
    TwilioRestClient client = new TwilioRestClient.Builder(accountSid, authToken).httpClient(httpClient).build();
    try {
      Account account = Account.fetcher(accountSid).fetch(client);
      return account.getStatus() == null || account.getStatus() == Account.Status.ACTIVE ? CredentialCheck.VALID : CredentialCheck.INACTIVE;
    } catch (ApiException e) {
      Integer status = e.getStatusCode() != null ? e.getStatusCode() : e.getHttpStatusCode();
      if (status != null && (status == 401 || status == 403 || status == 404)) {
        return Integer.valueOf(20005).equals(e.getCode()) ? CredentialCheck.INACTIVE : CredentialCheck.REFUSED;
      }
      return CredentialCheck.UNKNOWN;
    } catch (TwilioException e) {
      return CredentialCheck.UNKNOWN;
    }
  }

  private TwilioRestClient client(String accountSid, String authToken) {
    return clients
        .compute(
            accountSid,
            (sid, cached) ->
                cached != null && cached.authToken().equals(authToken)
                    ? cached
                    : new CachedClient(
                        authToken, new TwilioRestClient.Builder(sid, authToken).httpClient(httpClient).build()))
        .client();
  }
}
