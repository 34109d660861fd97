package dev.cuifu.harness.fuzz;

/** What a case changes in an operation's valid-looking request. */
enum Mutation {
  /** The valid-looking request itself. */
  BASELINE(Scope.REQUEST),
  WRONG_TYPE(Scope.FIELD),
  NULL(Scope.FIELD),
  MISSING(Scope.FIELD),
  /** A field the schema does not have, in the object at the target. */
  UNKNOWN_FIELD(Scope.OBJECT),
  /** A 1 MB string at the field. */
  HUGE_STRING(Scope.FIELD),
  /** A 10 MB string in the body (once per operation and pass: heavy). */
  HUGE_BODY(Scope.BODY),
  /** NUL, escape sequences, CR LF, bidi overrides in a string. */
  CONTROL_CHARS(Scope.FIELD),
  /** {@code "\ud800"} and friends, as JSON escapes. */
  UNPAIRED_SURROGATE(Scope.FIELD),
  /** 10,000 nested arrays or objects at the field. */
  DEEP_NESTING(Scope.FIELD),
  /** 1e308, -1, 2^63, 1e400, NaN. */
  EXTREME_NUMBER(Scope.FIELD),
  /** Year 0, 10000, +999999999, February 30th, huge and negative durations. */
  EXTREME_INSTANT(Scope.FIELD),
  /** Raw bytes that are not UTF-8 inside a string. */
  INVALID_UTF8(Scope.BODY),
  /** JSON cut short, with trailing garbage, comments, duplicate keys. */
  MALFORMED_JSON(Scope.BODY),
  /** An array, a string, a number or null instead of the object. */
  WRONG_ROOT(Scope.BODY),
  EMPTY_BODY(Scope.BODY),
  WRONG_CONTENT_TYPE(Scope.BODY),
  MISSING_CONTENT_TYPE(Scope.BODY),
  /** A body where the operation takes none. */
  UNEXPECTED_BODY(Scope.REQUEST),
  /** Encoded slashes, %00, .., 5,000-character ids, bad escapes in a path variable. */
  BAD_PATH(Scope.PATH),
  /** Wrong types, extreme values, bad escapes, repeats in a query parameter. */
  BAD_QUERY(Scope.QUERY),
  /** Query parameters the operation does not have. */
  UNKNOWN_QUERY(Scope.REQUEST),
  /** PATCH, TRACE, a made-up method. */
  BAD_METHOD(Scope.REQUEST);

  /** Where the mutation acts: its case's target is a JSON pointer, a parameter name or empty. */
  enum Scope {
    REQUEST,
    BODY,
    FIELD,
    OBJECT,
    PATH,
    QUERY
  }

  final Scope scope;

  Mutation(Scope scope) {
    this.scope = scope;
  }
}
