package dev.cuifu.harness.tenancy;

/**
 * One request of the matrix: an operation aimed at shop A's resources (or acting in the caller's
 * own shop with A's ids in its body), sent with each of shop B's credentials.
 *
 * @param path the concrete path, A's ids filled in
 * @param body JSON, or null
 * @param expect what the answer must be when the credential is the kind the operation takes
 * @param note what the probe tries, for the report
 */
public record Probe(ApiOperation operation, String method, String path, String body, Expect expect, String note) {

  public enum Expect {
    /** Aimed at one of A's resources by id: any 2xx is a cross-shop access. */
    DENY,
    /** Acts in the caller's own shop: may succeed, must not show or change A's data. */
    OWN,
    /** Names one of A's resources in the body (a script id, a username): must be refused. */
    REFUSE_REFERENCE,
    /** Order events reusing A's event ids: the caller's own events, all accepted, none a duplicate of A's. */
    OWN_EVENTS
  }
}
