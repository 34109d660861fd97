package dev.cuifu.harness.tenancy;

import java.util.Map;

/**
 * One request of the matrix: an operation aimed at shop A's resources (or acting in the caller's
 * own shop with A's ids in its body), sent with each of shop B's credentials.
 *
 * @param path the concrete path, A's ids filled in
 * @param headers sent besides the credential's: a platform webhook's store and topic, a
 *     multipart body's content type
 * @param body JSON unless {@code headers} give another content type, or null
 * @param expect what the answer must be when the credential is the kind the operation takes
 * @param note what the probe tries, for the report
 */
public record Probe(
    ApiOperation operation, String method, String path, Map<String, String> headers, String body, Expect expect, String note) {

  public enum Expect {
    /** Aimed at one of A's resources by id: any 2xx is a cross-shop access. */
    DENY,
    /**
     * Replays the caller's orders (a backtest): must count exactly B's, however many of A's the
     * request's range or file names. Before any of B's own events, so B's count is known.
     */
    OWN_ORDERS,
    /** Acts in the caller's own shop: may succeed, must not show or change A's data. */
    OWN,
    /** Names one of A's resources in the body (a script id, a username): must be refused. */
    REFUSE_REFERENCE,
    /**
     * Order events reusing A's event ids, or a webhook of B's own store: the caller's own events,
     * all accepted, none a duplicate of A's.
     */
    OWN_EVENTS
  }
}
