package dev.cuifu.benchmark;

final class Rates {

  private Rates() {}

  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }

  static double ratio(double ours, double baseline) {
    return baseline <= 0 ? Double.NaN : ours / baseline;
  }
}
