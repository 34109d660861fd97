/**
 * The abuse half of the fault harness: a fuzzer generated from both apps' OpenAPI documents
 * ({@code /v3/api-docs}). {@link dev.cuifu.harness.fuzz.Fuzzer#run} reads every operation, builds a
 * valid-looking request from its schema, and sends seeded mutations of it (wrong types, nulls,
 * missing and unknown fields, 1 MB and 10 MB strings, control characters and unpaired surrogates,
 * 10,000-deep nesting, extreme numbers and instants, invalid UTF-8, wrong or missing content types,
 * bad path variables and query parameters, other methods), each with a valid, a missing or a wrong
 * credential, over plain sockets ({@code RawHttp}: what java.net.http refuses to send is the point).
 * Every answer is judged: no 5xx, no silence, no 2xx without a valid credential, every 4xx RFC 9457
 * problem+json naming a field or a reason ({@code Judge}). HTTP only, no TLS: it runs beside the
 * services.
 */
package dev.cuifu.harness.fuzz;
