package android.content;

/** Context stands in for Android's class (see ../../README.md): only what the JVM test names. */
public class Context {
  /** The name of the ConnectivityManager service, as on Android. */
  public static final String CONNECTIVITY_SERVICE = "connectivity";

  /** getSystemService returns null: the stub has no services. */
  public Object getSystemService(String name) { return null; }
}
