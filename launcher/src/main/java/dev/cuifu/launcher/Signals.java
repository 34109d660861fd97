package dev.cuifu.launcher;

import java.lang.reflect.Proxy;

/**
 * Catches a signal (INT, TERM) in place of the JVM's own handling. sun.misc.Signal (module
 * jdk.unsupported) is the JDK's only way to; it is called reflectively because javac's "internal
 * proprietary API" warning cannot be suppressed and the build fails on warnings.
 */
final class Signals {

  private Signals() {}

  /**
   * Runs {@code onSignal} on each {@code SIG<name>}; false where the signal cannot be caught (no
   * sun.misc.Signal, {@code -Xrs}, a platform without it): the JVM's own handling then stays. A
   * signal the launching shell ignores (SIGINT for a job a script starts with {@code &}) stays
   * ignored.
   */
  static boolean handle(String name, Runnable onSignal) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, arguments) -> {
                if (method.getName().equals("handle")) {
                  onSignal.run();
                  return null;
                }
                return method.getName().equals("toString") ? "cuifu-local " + name + " handler" : null;
              });
      signal.getMethod("handle", signal, handlerType).invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
